/**
 * Two workers on one database: every message goes out exactly once. On
 * PostgreSQL each worker has its own connection pool, as two instances of the
 * service would. On SQLite they share the process's connection: a second
 * better-sqlite3 connection in the same process would wait for the writer
 * lock synchronously, stalling the very event loop that holds it (processes
 * sharing one SQLite file are covered by worker-kill.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.ts';
import { createCore } from '../../src/core/core.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';

describe.each(testProviders)('two outbox workers on one %s database', (provider) => {
  let f: WorkerFixture;
  let otherDb: Db;
  beforeAll(async () => {
    // Latency keeps both workers busy at once, so that they really race for claims.
    f = await createWorkerFixture(provider, { resend: { latencyMs: 25 } });
    otherDb = provider === 'postgresql' ? await createDb(f.database.url) : f.core.db;
  });
  afterAll(async () => {
    if (provider === 'postgresql') await otherDb?.$disconnect();
    await f?.closeAll();
  });

  it('never sends a message twice', { timeout: 120_000 }, async () => {
    const emails = Array.from({ length: 220 }, (_, i) => `race${i}@example.com`);
    const phones = Array.from({ length: 10 }, (_, i) => `+1415555${String(1000 + i)}`);
    // Bulk jobs of 10: inviteContacts writes up to 200 contacts per transaction, which can outlast
    // Prisma's 5 s transaction timeout on a loaded machine.
    const invitees = [...emails, ...phones];
    for (let i = 0; i < invitees.length; i += 10) {
      await inviteContacts(f.core, { accountId: f.account.id, invitees: invitees.slice(i, i + 10), actor: 'system' });
    }
    // Single (non-bulk) emails too: one login link each, queued one by one.
    for (const address of emails.slice(0, 20))
      await queueLoginEmails(f.core, { accountId: f.account.id, contacts: [address], actor: 'system' });
    const total = emails.length + phones.length + 20;

    const otherCore = createCore({
      db: otherDb,
      publicUrl: f.core.publicUrl,
      linkKey: f.core.linkKey,
      now: f.core.now,
    });
    const a = f.newWorker({ workerId: 'worker-a', pollIntervalMs: 10 });
    const b = f.newWorker({ core: otherCore, workerId: 'worker-b', pollIntervalMs: 10 });
    a.start();
    b.start();
    const deadline = Date.now() + 60_000;
    while ((await f.core.db.message.count({ where: { status: 'sent' } })) < total) {
      if (Date.now() > deadline) throw new Error('workers did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([a.stop(), b.stop()]);

    const received = new Map<string, number>();
    for (const email of f.resend.emails)
      for (const to of email.to)
        received.set(
          `${to}|${email.subject.slice(0, 8)}`,
          (received.get(`${to}|${email.subject.slice(0, 8)}`) ?? 0) + 1,
        );
    expect(f.resend.emails).toHaveLength(emails.length + 20);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    // No request was even repeated under the same key: no message was held by both workers.
    const keys = f.resend.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(f.twilio.messages).toHaveLength(phones.length);
    expect(new Set(f.twilio.messages.map((m) => m.to)).size).toBe(phones.length);
    const byWorker = await f.core.db.message.groupBy({ by: ['claimedBy'], _count: true });
    const owners = new Set(byWorker.map((g) => g.claimedBy?.split('/')[0]));
    expect(owners).toEqual(new Set(['worker-a', 'worker-b']));
  });
});
