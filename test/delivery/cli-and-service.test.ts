/**
 * Issue 10, item 3: the service (src/main.ts) and the CLI (`portal-desk
 * import`) in two processes on one SQLite file. Prisma's adapter opened
 * transactions with a deferred BEGIN; a transaction that reads and then
 * writes fails at once with SQLITE_BUSY when the other process committed in
 * between (WAL snapshots; the busy timeout does not apply). The outbox lost
 * the write recording a send and its messages stayed `sending`, later "taken
 * back" and sent again. Transactions now start with BEGIN IMMEDIATE
 * (src/db/one-writer-sqlite.ts; the race itself is pinned by
 * test/db/sqlite-two-processes.test.ts): every import email goes out once, at the
 * first attempt, and no claim is ever taken back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDb, type Db } from '../../src/db/client.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';

const root = resolve(import.meta.dirname, '../..');
const IMPORTS = 3;
const ROWS = 40;

describe('service and CLI in two processes on one SQLite file', () => {
  let dir: string;
  let resend: FakeResend;
  let service: ChildProcess | undefined;
  let db: Db | undefined;
  let serviceLog = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-cli-service-'));
    resend = await startFakeResend({ apiKey: 're_cli_service_key_0123456789', latencyMs: 20 });
  });
  afterAll(async () => {
    if (service && service.exitCode === null) service.kill('SIGKILL');
    await db?.$disconnect();
    await resend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every import email once, at the first attempt, with nothing stuck or taken back', {
    timeout: 240_000,
  }, async () => {
    const env = {
      ...process.env,
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'portal.db')}`,
      DATA_DIR: dir,
      SESSION_SECRET: 'cli-service-session-secret-0123456789abcdef',
      PUBLIC_URL: 'http://portal.test',
      RESEND_API_KEY: 're_cli_service_key_0123456789',
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Portal Desk <portal@example.com>',
      LOG_LEVEL: 'info',
    };
    service = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stderr!.on('data', (chunk: Buffer) => (serviceLog += chunk.toString()));
    await new Promise<void>((ready, failed) => {
      service!.stdout!.once('data', () => ready());
      service!.once('exit', (code) => failed(new Error(`service exited ${code}: ${serviceLog}`)));
    });

    // Several imports one after the other, each committing while the service claims and records sends.
    for (let n = 0; n < IMPORTS; n++) {
      const csv = join(dir, `contacts${n}.csv`);
      writeFileSync(
        csv,
        ['email,first_name', ...Array.from({ length: ROWS }, (_, i) => `import${n}-${i}@example.com,Person${i}`)].join(
          '\n',
        ),
      );
      const code = await new Promise<number | null>((done) => {
        const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', csv, '--yes'], {
          cwd: root,
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        cli.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
        cli.once('exit', (exitCode) => {
          if (exitCode !== 0) console.error(err);
          done(exitCode);
        });
      });
      expect(code).toBe(0);
    }

    db = await createDb(env.DATABASE_URL);
    const total = IMPORTS * ROWS;
    const deadline = Date.now() + 60_000;
    while ((await db.message.count({ where: { status: 'sent' } })) < total) {
      if (Date.now() > deadline) {
        const stuck = await db.message.groupBy({ by: ['status', 'attempts'], _count: true });
        throw new Error(`not all sent: ${JSON.stringify(stuck)}\n${serviceLog.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await db.message.findMany({ select: { status: true, attempts: true } });
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(serviceLog).not.toMatch(/took back/);
    expect(serviceLog).not.toMatch(/SQLITE_BUSY|database is locked/);
    const perRecipient = new Map<string, number>();
    for (const email of resend.emails) for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(total);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  });
});
