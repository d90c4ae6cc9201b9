import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('runs with no configuration at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'file:./data/portal.db',
      database: 'sqlite',
      rateLimitScale: 1,
      outbox: { maxAttempts: 8 },
      webhookAllowPrivateNetworks: false,
    });
    expect(config.slack.botToken).toBeUndefined();
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['', false],
  ])('reads WEBHOOK_ALLOW_PRIVATE_NETWORKS=%j as %s', (value, expected) => {
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: value }).webhookAllowPrivateNetworks).toBe(expected);
  });

  it('selects PostgreSQL from the URL and splits admins into users and groups', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/portal',
      PORTAL_ADMINS: 'U123, U456 S789',
      PUBLIC_URL: 'https://portal.example.com/',
    });
    expect(config.database).toBe('postgresql');
    expect(config.slack.admins).toEqual(['U123', 'U456']);
    expect(config.slack.adminGroups).toEqual(['S789']);
    expect(config.publicUrl).toBe('https://portal.example.com');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://nope',
        PUBLIC_URL: 'not a url',
        SLACK_BOT_TOKEN: 'xoxb-123',
        RESEND_API_KEY: 're_123',
        TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
        PORT: 'eighty',
        RATE_LIMIT_SCALE: '-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'DATABASE_URL',
      'PUBLIC_URL',
      'SLACK_SIGNING_SECRET',
      'EMAIL_FROM',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_FROM',
      'PORT',
      'RATE_LIMIT_SCALE',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as Error).message).toMatch(/configuration problem/);
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: 'abc' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'bot-token' }, 'SLACK_BOT_TOKEN must be a bot token'],
    [{ EMAIL_FROM: 'Portal Desk <not-an-address>' }, 'EMAIL_FROM'],
    [{ TWILIO_FROM: '555-1234' }, 'TWILIO_FROM'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false (or 1 or 0)'],
  ])('refuses %j', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('accepts Socket Mode without a signing secret and a display-name sender', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      EMAIL_FROM: 'Portal Desk <portal@example.com>',
      RESEND_API_KEY: 're_x',
    });
    expect(config.slack.appToken).toBe('xapp-1');
    expect(config.email.from).toBe('Portal Desk <portal@example.com>');
  });

  it('stops the real process with exit code 1 and the list', async () => {
    const root = join(import.meta.dirname, '..');
    const result = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/main.ts')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'oracle://x', PUBLIC_URL: 'nope' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('PUBLIC_URL');
  });
});
