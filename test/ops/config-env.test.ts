import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadEnvFile } from '../../src/env-file.ts';
import { describeStartFailure } from '../../src/start-failure.ts';
import { renderBanner } from '../../src/banner.ts';

describe('configuration files and start-up messages', () => {
  it('.env.example, copied as it is, is a valid configuration', () => {
    const example = parseEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')) as Record<
      string,
      string
    >;
    const config = loadConfig(example);
    expect(config).toMatchObject({
      port: 3000,
      host: undefined,
      publicUrlSource: 'default',
      logFormat: undefined,
      metrics: { enabled: false },
    });
  });

  it('loads .env without overriding the real environment, and reports what it took', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-desk-envfile-'));
    try {
      writeFileSync(
        join(dir, '.env'),
        'PORT=3922\nPUBLIC_URL=http://from-file.example\n# comment\nPORTAL_NAME="Acme Academy"\n',
      );
      const env: Record<string, string | undefined> = { PUBLIC_URL: 'https://from-env.example' };
      const loaded = loadEnvFile({ path: join(dir, '.env'), env });
      expect(loaded.applied.sort()).toEqual(['PORT', 'PORTAL_NAME']);
      expect(env).toEqual({ PUBLIC_URL: 'https://from-env.example', PORT: '3922', PORTAL_NAME: 'Acme Academy' });
      expect(loadEnvFile({ path: join(dir, 'missing.env'), env: {} })).toEqual({ applied: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns start-up failures into one line', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use :::3922'), { code: 'EADDRINUSE' });
    expect(describeStartFailure(inUse, { port: 3922 })).toBe(
      'Portal Desk cannot start: port 3922 is already in use (all interfaces port 3922). Stop what uses it, or set PORT to a free port.',
    );
    expect(
      describeStartFailure(Object.assign(new Error('x'), { code: 'EADDRNOTAVAIL' }), { port: 1, host: '10.9.9.9' }),
    ).toBe('Portal Desk cannot start: HOST 10.9.9.9 is not an address of this machine.');
    expect(describeStartFailure(new Error('\nconnect ECONNREFUSED 127.0.0.1:5432\n    at x'), { port: 1 })).toBe(
      'Portal Desk cannot start: connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('the banner says where it really listens and what to do next', () => {
    const config = loadConfig({ PORT: '3922' });
    const banner = renderBanner({
      config,
      url: 'http://127.0.0.1:3922',
      listening: 'all interfaces, port 3922',
      secretSource: 'environment',
      integrations: [{ name: 'email', on: false, detail: 'local outbox' }],
      version: '1.0.0',
    });
    expect(banner).toContain(
      '  url        http://localhost:3922 (no PUBLIC_URL set)\n  listening  all interfaces, port 3922',
    );
    expect(banner).toMatch(
      /Next steps\n  invite yourself   npx portal-desk invite you@example.com\n  open the email    .*\/outbox\/\*\.email\.html in a browser, and click the link\n  sign in           http:\/\/localhost:3922\/login/,
    );
    expect(loadConfig({ HOST: '127.0.0.1', LOG_FORMAT: 'json' })).toMatchObject({
      host: '127.0.0.1',
      logFormat: 'json',
    });
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});
