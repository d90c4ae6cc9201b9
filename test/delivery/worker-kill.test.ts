/**
 * Nothing lost, nothing twice: 2,000 invites, the worker process killed with
 * SIGKILL part-way, started again; the fake Resend must hold exactly one
 * email per recipient. The fake only drops a repeat that carries the same
 * idempotency key, so a worker that re-sent a message under another key
 * would show up here as a second email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrate } from '../../src/db/migrate.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import { createCore } from '../../src/core/core.ts';
import { ensureDefaultAccount } from '../../src/core/accounts/ensure-default-account.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { loadSecrets } from '../../src/secrets.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';

const COUNT = 2_000;
const root = resolve(import.meta.dirname, '../..');

describe('outbox worker killed with SIGKILL', () => {
  let dir: string;
  let db: Db;
  let resend: FakeResend;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-kill-'));
    // 10 calls a second and some latency: slow enough to be caught with a batch in flight.
    resend = await startFakeResend({ apiKey: 're_kill_test_key_0123456789', requestsPerSecond: 10, latencyMs: 40 });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.$disconnect();
    await resend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startWorker(env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/delivery/worker-cli.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`worker exited ${code}: ${stderr}`);
      void signal;
    });
    children.push(child);
    return child;
  }

  async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('delivers every invite exactly once across a SIGKILL and a restart', { timeout: 300_000 }, async () => {
    const databaseUrl = `file:${join(dir, 'portal.db')}`;
    const sessionSecret = 'kill-test-session-secret-0123456789abcdef';
    await migrate(databaseUrl);
    db = await createDb(databaseUrl);
    const core = createCore({
      db,
      publicUrl: 'http://portal.test',
      linkKey: loadSecrets({ sessionSecret, dataDir: dir }).linkKey,
    });
    const account = await ensureDefaultAccount(core);
    const addresses = Array.from({ length: COUNT }, (_, i) => `person${i}@example.com`);
    await inviteContacts(core, { accountId: account.id, invitees: addresses, actor: 'system' });

    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      SESSION_SECRET: sessionSecret,
      PUBLIC_URL: 'http://portal.test',
      RESEND_API_KEY: 're_kill_test_key_0123456789',
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Portal Desk <portal@example.com>',
      OUTBOX_LEASE_SECONDS: '2',
      LOG_LEVEL: 'warn',
    };
    const first = startWorker(env);
    // Kill it just after a batch request went out: its answer is then most likely lost.
    await until(() => resend.requests.length >= 6, 60_000, 'the first worker to send');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const deliveredAtKill = resend.emails.length;
    expect(deliveredAtKill).toBeLessThan(COUNT);
    expect(await db.message.count({ where: { status: 'sent' } })).toBeLessThan(COUNT);

    const second = startWorker(env);
    await until(
      async () => (await db.message.count({ where: { status: 'sent' } })) === COUNT,
      90_000,
      'every message to be sent',
    );
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    const perRecipient = new Map<string, number>();
    for (const email of resend.emails) for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(COUNT);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(resend.emails).toHaveLength(COUNT);
    // Every message went out under one key only, whatever happened to the worker.
    const keysPerMessage = await db.message.findMany({ select: { providerId: true } });
    expect(new Set(keysPerMessage.map((m) => m.providerId)).size).toBe(COUNT);
  });
});
