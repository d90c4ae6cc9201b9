import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import type { Core } from '../../src/core/core.ts';
import type { Db } from '../../src/db/client.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { resumeBulkJobs } from '../../src/core/invitations/resume-bulk-jobs.ts';
/** createCore's default lease (OUTBOX_LEASE_SECONDS 30). */
const BULK_JOB_LEASE_MS = 30_000;
import { BULK_BATCH_SIZE } from '../../src/core/invitations/run-bulk-job.ts';

/**
 * The same core, except that its database "dies" on the given transaction:
 * that transaction and everything after it never happens, as when the
 * process is killed between two batches.
 */
function dyingOn(core: Core, transaction: number): Core {
  let calls = 0;
  const db = new Proxy(core.db, {
    get(target, property) {
      if (property === '$transaction') {
        return (...args: unknown[]) => {
          calls += 1;
          if (calls >= transaction) return Promise.reject(new Error('the process died'));
          return (target.$transaction as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Db;
  return { ...core, db };
}

describe.each(testProviders)('bulk jobs left half-queued by a dead process, on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider, { poolSize: 10 });
  });
  afterAll(() => t?.close());

  const job = (id: string) => t.core.db.bulkJob.findUniqueOrThrow({ where: { id } });
  const messagesPerContact = async (bulkJobId: string) =>
    (await t.core.db.message.groupBy({ by: ['contactId'], where: { bulkJobId }, _count: { _all: true } })).map(
      (g) => g._count._all,
    );

  it('finishes an invitation from the first batch that did not commit, once its lease has run out', async () => {
    const invitees = Array.from({ length: 250 }, (_, i) => `resume${i}@example.com`);
    let bulkJobId = '';
    // Transactions: 1 creates the job, 2 and 3 queue 100 each, 4 would queue the last 50.
    await expect(
      inviteContacts(dyingOn(t.core, 3), {
        accountId: t.account.id,
        invitees,
        actor: 'slack:U1',
        onBulkJobCreated: (id) => (bulkJobId = id),
      }),
    ).rejects.toThrow('the process died');
    expect(await job(bulkJobId)).toMatchObject({ total: 250, queuedCount: 100 });
    expect((await job(bulkJobId)).pendingInput).not.toBeNull();

    // Still leased: a live process may be queuing it.
    expect(await resumeBulkJobs(t.core)).toEqual({ resumed: [], failed: [] });
    t.clock.advance(BULK_JOB_LEASE_MS + 1_000);
    expect(await resumeBulkJobs(t.core)).toEqual({ resumed: [{ bulkJobId, queued: 150 }], failed: [] });

    expect(await job(bulkJobId)).toMatchObject({ queuedCount: 250, pendingInput: null, leaseUntil: null });
    const counts = await messagesPerContact(bulkJobId);
    expect(counts).toHaveLength(250);
    expect(counts.every((n) => n === 1)).toBe(true);
    expect(await t.core.db.contact.count({ where: { email: { in: invitees }, status: 'invited' } })).toBe(250);
    expect(await resumeBulkJobs(t.core)).toEqual({ resumed: [], failed: [] });
  });

  it('finishes a login-link send the same way, and two processes looking at once take it over once', async () => {
    const emails = Array.from({ length: 450 }, (_, i) => `login-resume${i}@example.com`);
    await inviteContacts(t.core, { accountId: t.account.id, invitees: emails, actor: 'system' });
    let bulkJobId = '';
    // Transactions: 1 creates the job, 2 queues one batch, 3 would queue the next.
    await expect(
      queueLoginEmails(dyingOn(t.core, 3), {
        accountId: t.account.id,
        contacts: emails,
        actor: 'api:key1',
        onBulkJobCreated: (id) => (bulkJobId = id),
      }),
    ).rejects.toThrow('the process died');
    expect(await job(bulkJobId)).toMatchObject({ total: 450, queuedCount: BULK_BATCH_SIZE });
    t.clock.advance(BULK_JOB_LEASE_MS + 1_000);
    const [one, other] = await Promise.all([resumeBulkJobs(t.core), resumeBulkJobs(t.core)]);
    expect([...one.resumed, ...other.resumed]).toEqual([{ bulkJobId, queued: 450 - BULK_BATCH_SIZE }]);
    const counts = await messagesPerContact(bulkJobId);
    expect(counts).toHaveLength(450);
    expect(counts.every((n) => n === 1)).toBe(true);
  });

  it('keeps no input on a job that was queued to the end', async () => {
    const { bulkJobId } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['done1@example.com', 'done2@example.com'],
      actor: 'system',
    });
    expect(await job(bulkJobId!)).toMatchObject({ queuedCount: 2, pendingInput: null, leaseUntil: null });
  });
});
