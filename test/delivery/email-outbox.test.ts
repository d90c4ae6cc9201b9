import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { queueMessage } from '../../src/core/outbox/queue-message.ts';
import { getBulkJob } from '../../src/core/outbox/get-bulk-job.ts';
import { listDeadMessages } from '../../src/core/outbox/list-dead-messages.ts';
import { requeueMessage } from '../../src/core/outbox/requeue-message.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkCode } from '../../src/core/links/link-secrets.ts';
import { newId } from '../../src/core/shared/ids.ts';

const tokenIn = (text: string) => /\/l\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe.each(testProviders)('email outbox on %s', (provider) => {
  let f: WorkerFixture;
  beforeAll(async () => {
    f = await createWorkerFixture(provider);
  });
  afterAll(() => f?.closeAll());

  const emailsTo = (address: string) => f.resend.emails.filter((e) => e.to.includes(address));

  it('sends a single invite through POST /emails with the message idempotency key, link and code', async () => {
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: [{ address: 'ana@example.com', firstName: 'Ana' }],
      actor: 'slack:U1',
    });
    await f.worker.drain();
    const message = await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } });
    expect(message.status).toBe('sent');
    const [email] = emailsTo('ana@example.com');
    expect(email).toBeDefined();
    expect(message.providerId).toBe(email!.id);
    expect(f.resend.requests.filter((r) => r.path === '/emails')).toHaveLength(1);
    expect(email!.idempotencyKey).toBe(message.idempotencyKey);
    expect(email!.from).toBe('Portal Desk <portal@example.com>');
    expect(email!.subject).toBe("You're invited to Client Portal");
    expect(email!.text).toContain('Hi Ana,');
    const { linkId } = JSON.parse(message.payload) as { linkId: string };
    expect(email!.text).toContain(
      `Or enter this code at http://portal.test/login/code: ${linkCode(f.core.linkKey, linkId)}`,
    );
    expect(email!.text).toContain('for 7 days');
    // HTML and text come from one source: same link in both, as a button in HTML.
    const token = tokenIn(email!.text!)!;
    expect(email!.html).toContain(`href="http://portal.test/l/${token}"`);
    // The stored copy keeps no token and no code.
    expect(`${message.subject} ${message.preview}`).not.toContain(token);
    expect(message.preview).toContain('[login link]');
    expect(message.preview).not.toContain(linkCode(f.core.linkKey, linkId));
    // The link in the email is the one the database knows.
    const redeemed = await redeemLink(f.core, { accountId: f.account.id, token });
    expect(redeemed.contact.id).toBe(invited[0]!.contact.id);
  });

  it('sends a bulk job through /emails/batch, 100 per call, and keeps its counts', async () => {
    const before = f.resend.requests.length;
    const addresses = Array.from({ length: 150 }, (_, i) => `bulk${i}@example.com`);
    // Six bulk jobs of 25 (short transactions, see worker-kill.test.ts); batches are not bound to one job.
    const jobIds: string[] = [];
    for (let i = 0; i < 150; i += 25)
      jobIds.push(
        (
          await inviteContacts(f.core, {
            accountId: f.account.id,
            invitees: addresses.slice(i, i + 25),
            actor: 'slack:U1',
          })
        ).bulkJobId!,
      );
    expect(await getBulkJob(f.core, { accountId: f.account.id, jobId: jobIds[0]! })).toMatchObject({
      total: 25,
      queued: 25,
      sent: 0,
      done: false,
    });
    await f.worker.drain();
    const calls = f.resend.requests.slice(before);
    expect(calls.map((r) => r.path)).toEqual(['/emails/batch', '/emails/batch']);
    expect(new Set(calls.map((r) => r.idempotencyKey)).size).toBe(2);
    for (const address of addresses) expect(emailsTo(address)).toHaveLength(1);
    // Every recipient has a link of their own.
    expect(new Set(addresses.map((a) => tokenIn(emailsTo(a)[0]!.text!))).size).toBe(150);
    for (const jobId of jobIds) {
      const job = await getBulkJob(f.core, { accountId: f.account.id, jobId });
      expect(job).toMatchObject({ total: 25, queued: 0, sent: 25, failed: 0, done: true });
      expect(job.finishedAt).not.toBeNull();
    }
  });

  it('retries a batch after 429, not before Retry-After, under the same key and without duplicates', async () => {
    const addresses = ['r1@example.com', 'r2@example.com', 'r3@example.com'];
    const { bulkJobId } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: addresses,
      actor: 'slack:U1',
    });
    f.resend.failNext(429, 1, 30);
    const before = f.resend.requests.length;
    await f.worker.drain();
    const rows = await f.core.db.message.findMany({ where: { bulkJobId } });
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 1)).toBe(true);
    expect(rows[0]!.lastError).toMatch(/429/);
    expect(rows[0]!.nextAttemptAt.getTime() - f.clock.now.getTime()).toBeGreaterThanOrEqual(30_000);
    f.clock.advance(20_000);
    await f.worker.drain();
    expect(f.resend.requests.length - before).toBe(1);
    f.clock.advance(12_000);
    await f.worker.drain();
    const calls = f.resend.requests.slice(before);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0]!.idempotencyKey).toBe(calls[1]!.idempotencyKey);
    for (const address of addresses) expect(emailsTo(address)).toHaveLength(1);
  });

  it('retries after a 5xx with backoff; the replayed key delivers nothing twice', async () => {
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['ana@example.com'],
      actor: 'slack:U1',
    });
    f.resend.failNext(503);
    await f.worker.drain();
    const row = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    expect(row.status).toBe('pending');
    const delay = row.nextAttemptAt.getTime() - f.clock.now.getTime();
    // First retry: 5 s ceiling, equal jitter.
    expect(delay).toBeGreaterThanOrEqual(2_500);
    expect(delay).toBeLessThanOrEqual(5_000);
    f.clock.advance(5_000);
    await f.worker.drain();
    expect((await f.core.db.message.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('sent');
    const logins = emailsTo('ana@example.com').filter((e) => e.subject.startsWith('Your sign-in link'));
    expect(logins).toHaveLength(1);
  });

  it('does not retry a permanent failure, and one bad email does not sink its batch', async () => {
    const job = await f.core.db.$transaction(async (tx) => {
      const { createBulkJob } = await import('../../src/core/outbox/create-bulk-job.ts');
      const created = await createBulkJob(tx, {
        accountId: f.account.id,
        kind: 'invite',
        total: 3,
        requestedBy: 'system',
        now: f.clock.now,
      });
      for (const to of ['good1@example.com', 'not-an-address', 'good2@example.com']) {
        // Written straight to the table: the core would refuse the bad address long before the provider does.
        const contact = await tx.contact.create({ data: { id: newId(), accountId: f.account.id, email: to } });
        await queueMessage(tx, {
          accountId: f.account.id,
          contactId: contact.id,
          channel: 'email',
          template: 'login',
          toAddress: to,
          payload: {},
          bulkJobId: created.id,
          createdBy: 'system',
          now: f.clock.now,
        });
      }
      return created;
    });
    await f.worker.drain();
    f.clock.advance(3_600_000);
    await f.worker.drain();
    const rows = await f.core.db.message.findMany({ where: { bulkJobId: job.id } });
    const bad = rows.find((r) => r.toAddress === 'not-an-address')!;
    expect(bad.status).toBe('failed');
    expect(bad.lastError).toMatch(/422/);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(2);
    expect(f.resend.requests.filter((r) => r.status === 422)).toHaveLength(2);
    expect(await getBulkJob(f.core, { accountId: f.account.id, jobId: job.id })).toMatchObject({
      sent: 2,
      failed: 1,
      queued: 0,
      done: true,
    });
  });

  it('gives up after the configured attempts; a dead message is listed and can be queued again', async () => {
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['bulk1@example.com'],
      actor: 'slack:U1',
    });
    f.resend.failNext(500, 3);
    for (let i = 0; i < 3; i++) {
      await f.worker.drain();
      f.clock.advance(60_000);
    }
    const row = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row.lastError).toMatch(/gave up after 3 attempts/);
    const dead = await listDeadMessages(f.core, { accountId: f.account.id });
    expect(dead.messages.map((m) => m.id)).toContain(row.id);
    await requeueMessage(f.core, { accountId: f.account.id, messageId: row.id, actor: 'slack:U1' });
    await f.worker.drain();
    expect((await f.core.db.message.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('sent');
  });
});
