/**
 * Issue #11, finding 5: Slack unreachable or the token revoked at start must
 * not take the rest of the service down. Slack is marked degraded (banner,
 * health state for /readyz, logs) and retried with backoff.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { startSlackTestApp } from '../slack/support/slack-test-app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { installProcessGuards } from '../../src/process-guards.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Slack unreachable at start (finding 5)', () => {
  it('the service process stays up with SLACK_API_URL at a closed port: banner says degraded, pages and health answer', async () => {
    const [port, closedPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-slackdown-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `file:${join(dataDir, 'portal.db')}`,
        DATA_DIR: dataDir,
        SLACK_BOT_TOKEN: 'xoxb-revoked-or-unreachable',
        SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
        SLACK_API_URL: `http://127.0.0.1:${closedPort}/api/`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(() => output.includes('Portal Desk ') && /slack\s+on\s+DEGRADED/.test(output), 60_000).catch(() => {
        throw new Error(`no degraded banner; output:\n${output}`);
      });
      // Long enough for Bolt's eager auth.test to have failed and killed the process before the fix.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(child.exitCode, output).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
      expect(output).toMatch(/slack: degraded/);
      expect(output).not.toContain('xoxb-revoked-or-unreachable');
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a revoked token (invalid_auth) marks Slack degraded, and it recovers with backoff once Slack answers', async () => {
    const t = await startSlackTestApp(
      'sqlite',
      {},
      {
        beforeStart: (fake) => fake.fail('auth.test', 'invalid_auth', 3),
        retry: { firstDelayMs: 100, maxDelayMs: 400 },
      },
    );
    try {
      const slack = t.app.integrations.find((i) => i.name === 'slack')!;
      expect(t.app.slackHealth()).toMatchObject({ state: 'degraded', lastError: 'invalid_auth' });
      expect(t.app.context.slackHealth()).toMatchObject({ state: 'degraded', lastError: 'invalid_auth' });
      expect(slack.detail).toContain('DEGRADED (invalid_auth)');
      expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
      await waitFor(() => t.app.slackHealth().state === 'ok');
      expect(t.fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(4);
      // The log is pino JSON (one object a line): the reason is a field, not part of the message.
      const logged = t.logs.map(
        (line) => JSON.parse(line) as { level: string; msg: string; error?: unknown; after?: unknown },
      );
      const degradedAt = logged.findIndex(
        (l) => l.level === 'warn' && l.msg.startsWith('slack: degraded') && l.error === 'invalid_auth',
      );
      expect(degradedAt, t.logs.join('\n')).toBeGreaterThanOrEqual(0);
      expect(
        logged.findIndex(
          (l, i) => i > degradedAt && l.level === 'info' && l.msg === 'slack: connected' && l.after === 'degraded',
        ),
        t.logs.join('\n'),
      ).toBeGreaterThan(degradedAt);
      // Commands work once Slack is back.
      const reply = await t.reply('help');
      expect(JSON.stringify(reply)).toContain('/portal');
    } finally {
      await t.close();
    }
  }, 30_000);

  it('logs unhandled rejections and keeps running; logs uncaught exceptions and exits', async () => {
    const logger = createMemoryLogger();
    const exits: number[] = [];
    const remove = installProcessGuards(logger, (code) => exits.push(code));
    try {
      // Node's own events, emitted as Node would: (reason, promise) and (error, origin).
      const emit = process.emit.bind(process) as (event: string, ...args: unknown[]) => boolean;
      emit('unhandledRejection', new Error('lost promise'), Promise.resolve());
      emit('uncaughtException', new Error('boom'), 'uncaughtException');
      expect(logger.lines.join('\n')).toContain('unhandled promise rejection');
      expect(logger.lines.join('\n')).toContain('lost promise');
      expect(logger.lines.join('\n')).toContain('uncaught exception');
      expect(exits).toEqual([1]);
    } finally {
      remove();
    }
  });
});
