/**
 * The failover scenario of issue 10: two service processes (src/main.ts) on
 * one PostgreSQL database, a provider that answers in 1.5 s, a 200-address
 * bulk invite; the process holding claims is SIGKILLed with a batch in
 * flight. Measures the seconds from the kill to the first request that sends
 * one of the dead process's groups again (same key), and checks that every
 * address got exactly one email. Used by bench/failover.ts and
 * test/delivery/failover.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/client.ts';
import { createCore } from '../src/core/core.ts';
import { ensureDefaultAccount } from '../src/core/accounts/ensure-default-account.ts';
import { inviteContacts } from '../src/core/invitations/invite-contacts.ts';
import { loadSecrets } from '../src/secrets.ts';
import { startFakeResend } from '../test/fakes/resend.ts';

export interface FailoverResult {
  /** Kill to the first request re-sending a group the killed process held. */
  failoverSeconds: number;
  /** Addresses and how many emails each got. */
  perRecipient: Map<string, number>;
  count: number;
  /** Groups the killed process held when it died. */
  groupsTakenOver: number;
}

const root = resolve(import.meta.dirname, '..');
const API_KEY = 're_failover_key_0123456789abcdef';

export async function runFailover(options: {
  postgresAdminUrl: string;
  count?: number;
  latencyMs?: number;
  leaseSeconds?: number;
  log?: (line: string) => void;
}): Promise<FailoverResult> {
  const count = options.count ?? 200;
  const log = options.log ?? (() => {});
  const name = `portal_failover_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(options.postgresAdminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dir = mkdtempSync(join(tmpdir(), 'portal-desk-failover-'));
  const resend = await startFakeResend({
    apiKey: API_KEY,
    latencyMs: options.latencyMs ?? 1_500,
    requestsPerSecond: 10,
  });
  const children: ChildProcess[] = [];
  const db = await (async () => {
    await migrate(databaseUrl);
    return createDb(databaseUrl);
  })();
  try {
    const sessionSecret = 'failover-session-secret-0123456789abcdef';
    const core = createCore({
      db,
      publicUrl: 'http://portal.test',
      linkKey: loadSecrets({ sessionSecret, dataDir: dir }).linkKey,
    });
    const account = await ensureDefaultAccount(core);
    const env = {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      SESSION_SECRET: sessionSecret,
      PUBLIC_URL: 'http://portal.test',
      RESEND_API_KEY: API_KEY,
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Portal Desk <portal@example.com>',
      LOG_LEVEL: 'warn',
      ...(options.leaseSeconds ? { OUTBOX_LEASE_SECONDS: String(options.leaseSeconds) } : {}),
    };
    // Two instances of the service; each prints its banner on stdout once it is up.
    await Promise.all(
      [0, 1].map(
        () =>
          new Promise<void>((ready, failed) => {
            const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
              cwd: root,
              env,
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            children.push(child);
            let stderr = '';
            child.stderr!.on('data', (chunk: Buffer) => {
              stderr = (stderr + chunk.toString()).slice(-4000);
              log(chunk.toString().trimEnd());
            });
            child.stdout!.once('data', () => ready());
            child.once('exit', (code) => failed(new Error(`service exited ${code} before it was up: ${stderr}`)));
          }),
      ),
    );
    await inviteContacts(core, {
      accountId: account.id,
      invitees: Array.from({ length: count }, (_, i) => `failover${i}@example.com`),
      actor: 'system',
    });

    // Wait for a batch in flight at the slow provider, then kill the process holding claims.
    const deadline = Date.now() + 60_000;
    let victim: { pid: number; groups: string[] } | undefined;
    while (!victim) {
      if (Date.now() > deadline) throw new Error('no batch went out within 60 s');
      if (resend.requests.some((r) => r.status === 0)) {
        const held = await db.message.findMany({
          where: { status: 'sending' },
          select: { claimedBy: true, sendGroup: true },
        });
        const byPid = new Map<number, Set<string>>();
        for (const m of held) {
          const pid = Number(/-(\d+)-[0-9a-f]{6}\//.exec(m.claimedBy ?? '')?.[1]);
          if (pid && m.sendGroup) byPid.set(pid, (byPid.get(pid) ?? new Set()).add(m.sendGroup));
        }
        const [pid, groups] = [...byPid.entries()].sort((a, b) => b[1].size - a[1].size)[0] ?? [];
        if (pid && groups) victim = { pid, groups: [...groups] };
      }
      if (!victim) await new Promise((r) => setTimeout(r, 20));
    }
    const killedChild = children.find((c) => c.pid === victim!.pid);
    if (!killedChild) throw new Error(`claims held by pid ${victim.pid}, which is not one of the two services`);
    killedChild.removeAllListeners('exit');
    killedChild.kill('SIGKILL');
    const killedAt = Date.now();
    log(`killed pid ${victim.pid} holding ${victim.groups.length} group(s)`);
    const keys = new Set(victim.groups.map((g) => `portal-desk-group-${g}`));

    const finish = Date.now() + 120_000;
    while ((await db.message.count({ where: { status: 'sent' } })) < count) {
      if (Date.now() > finish)
        throw new Error(
          `not all sent 120 s after the kill: ${await db.message.count({ where: { status: 'sent' } })} of ${count}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    const retaken = resend.requests.filter((r) => r.at >= killedAt && r.idempotencyKey && keys.has(r.idempotencyKey));
    if (retaken.length === 0) throw new Error('no request re-sent the killed process groups');
    const perRecipient = new Map<string, number>();
    for (const email of resend.emails) for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    return {
      failoverSeconds: (Math.min(...retaken.map((r) => r.at)) - killedAt) / 1000,
      perRecipient,
      count,
      groupsTakenOver: victim.groups.length,
    };
  } finally {
    for (const child of children) {
      child.removeAllListeners('exit');
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await db.$disconnect();
    await resend.close();
    rmSync(dir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: options.postgresAdminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}
