/**
 * A bulk invitation whose process is killed with SIGKILL part-way through
 * queuing is finished by another process once its lease has run out: every
 * contact ends up with exactly one invite, none twice, none missing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrate } from '../../src/db/migrate.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import { createCore } from '../../src/core/core.ts';
import { resumeBulkJobs } from '../../src/core/invitations/resume-bulk-jobs.ts';
/** createCore's default lease (OUTBOX_LEASE_SECONDS 30). */
const BULK_JOB_LEASE_MS = 30_000;

const COUNT = 3_000;
const root = resolve(import.meta.dirname, '../..');

describe('a bulk invitation killed part-way', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bulk-kill-'));
  let db: Db | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is finished by another process: one invite per contact', { timeout: 120_000 }, async () => {
    const databaseUrl = `file:${join(dir, 'portal.db')}`;
    const linkKey = randomBytes(32);
    await migrate(databaseUrl);
    db = await createDb(databaseUrl);

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/invite-in-child.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        LINK_KEY: linkKey.toString('hex'),
        INVITE_COUNT: String(COUNT),
      },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Kill it once some batches have committed and most have not.
    for (let i = 0; ; i++) {
      const job = await db.bulkJob.findFirst({ select: { queuedCount: true } });
      if (job && job.queuedCount >= 300) break;
      if (i > 2_000) throw new Error('the child never queued a batch');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const left = await db.bulkJob.findFirstOrThrow();
    expect(left.queuedCount).toBeLessThan(COUNT);
    expect(left.pendingInput).not.toBeNull();

    // Another process, after the lease has run out.
    const later = createCore({
      db,
      publicUrl: 'http://portal.test',
      linkKey,
      now: () => new Date(Date.now() + BULK_JOB_LEASE_MS + 60_000),
    });
    const { resumed, failed } = await resumeBulkJobs(later);
    expect(failed).toEqual([]);
    expect(resumed).toEqual([{ bulkJobId: left.id, queued: COUNT - left.queuedCount }]);

    const perContact = await db.message.groupBy({
      by: ['contactId'],
      where: { bulkJobId: left.id },
      _count: { _all: true },
    });
    expect(perContact).toHaveLength(COUNT);
    expect(perContact.every((c) => c._count._all === 1)).toBe(true);
    expect(await db.contact.count({ where: { status: 'invited' } })).toBe(COUNT);
    // The counters moved in the same transactions as the contacts: still exact.
    expect((await db.account.findFirstOrThrow()).invitedCount).toBe(COUNT);
    expect(await db.bulkJob.findFirstOrThrow()).toMatchObject({ queuedCount: COUNT, pendingInput: null });
  });
});
