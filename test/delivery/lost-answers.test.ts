/**
 * Issue 10, item 1: a Resend that loses answers. A quarter of the requests
 * answer 500 (half of them after the batch was accepted), some answer only
 * after the client gave up, the rate limit is Resend's 2 requests a second
 * (429 with Retry-After above it), and a repeated key with another body gets
 * 409 invalid_idempotent_request. 1,000 bulk invites and 50 single sends:
 * every recipient gets exactly one email, and every retry repeats a key and
 * a body the provider saw before (never a part of a group under a new key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { createResendEmailSender } from '../../src/delivery/resend-email-sender.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createCore } from '../../src/core/core.ts';

const BULK = 1_000;
const SINGLES = 50;

// SQLite only: what is under test is the requests the worker repeats, not the database (failover.test.ts runs on PostgreSQL).
describe.each(testProviders.filter((p) => p === 'sqlite'))(
  'email outbox against a Resend that loses answers, on %s',
  (provider) => {
    let f: WorkerFixture;
    beforeAll(async () => {
      f = await createWorkerFixture(provider, {
        resend: { requestsPerSecond: 2, unkind: { errorRate: 0.25, timeoutRate: 0.05, slowAnswerMs: 1_500, seed: 10 } },
      });
    });
    afterAll(() => f?.closeAll());

    it('delivers one email per recipient; every retry is a request seen before', { timeout: 300_000 }, async () => {
      const bulk = Array.from({ length: BULK }, (_, i) => `bulk${i}@example.com`);
      const singles = Array.from({ length: SINGLES }, (_, i) => `single${i}@example.com`);
      await inviteContacts(f.core, { accountId: f.account.id, invitees: bulk, actor: 'system' });
      for (const address of singles)
        await inviteContacts(f.core, { accountId: f.account.id, invitees: [address], actor: 'system' });

      // The fixture's clock stands still; retries here wait for real time.
      const core = createCore({ db: f.core.db, publicUrl: f.core.publicUrl, linkKey: f.core.linkKey });
      const worker = f.newWorker({
        core,
        workerId: 'unkind',
        // The client gives up before the slow answers come: those are lost answers too.
        email: createResendEmailSender({
          apiKey: 're_test_key_0123456789abcdef',
          baseUrl: f.resend.url,
          timeoutMs: 1_000,
        }),
        maxAttempts: 30,
        retryBaseMs: 100,
        pollIntervalMs: 20,
      });
      // The pacer keeps under 2 requests a second; Resend still says 429 at times (other clients of the team).
      f.resend.failNext(429, 2, 1);
      worker.start();
      const total = BULK + SINGLES;
      const deadline = Date.now() + 240_000;
      while ((await f.core.db.message.count({ where: { status: { in: ['sent', 'failed', 'dead'] } } })) < total) {
        if (Date.now() > deadline)
          throw new Error(
            `not finished: ${await f.core.db.message.count({ where: { status: 'sent' } })} of ${total} sent`,
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await worker.stop();

      expect(await f.core.db.message.count({ where: { status: 'sent' } })).toBe(total);
      const perRecipient = new Map<string, number>();
      for (const email of f.resend.emails)
        for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      expect(perRecipient.size).toBe(total);
      expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);

      // The faults happened: answers were lost, requests were retried, the rate limit answered 429.
      const requests = f.resend.requests;
      expect(requests.filter((r) => r.lostAnswer).length).toBeGreaterThan(0);
      expect(requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      // Every request under a key carries the body the first one under it did; none got a 409.
      const firstBody = new Map<string, string>();
      let repeats = 0;
      for (const request of requests.filter((r) => r.bodyHash && r.idempotencyKey)) {
        const seen = firstBody.get(request.idempotencyKey!);
        if (seen === undefined) firstBody.set(request.idempotencyKey!, request.bodyHash!);
        else {
          repeats++;
          expect(request.bodyHash).toBe(seen);
        }
      }
      expect(repeats).toBeGreaterThan(0);
      expect(requests.filter((r) => r.status === 409)).toEqual([]);
      // Bulk went in batches under group keys, singles under their own.
      expect(
        requests.some((r) => r.path === '/emails/batch' && r.idempotencyKey?.startsWith('portal-desk-group-')),
      ).toBe(true);
    });
  },
);
