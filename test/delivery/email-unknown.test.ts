/**
 * The two ways an email ends as "unknown" instead of going out under another
 * key or after the provider forgot its key: a 409 invalid_idempotent_request
 * (a changed body under a used key, a bug logged at error level), and a send
 * still unconfirmed past the provider's 24 h idempotency window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';

describe('emails that end as unknown', () => {
  let f: WorkerFixture;
  beforeAll(async () => {
    f = await createWorkerFixture('sqlite');
    await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: ['known@example.com', 'late@example.com'],
      actor: 'system',
    });
    await f.worker.drain();
  });
  afterAll(() => f?.closeAll());

  it('never answers a 409 invalid_idempotent_request by sending under another key', async () => {
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['known@example.com'],
      actor: 'system',
    });
    const message = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    // The provider already holds this key with another body.
    const seeded = await fetch(`${f.resend.url}/emails`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer re_test_key_0123456789abcdef',
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
      },
      body: JSON.stringify({
        from: 'portal@example.com',
        to: ['known@example.com'],
        subject: 'Other',
        text: 'another body',
      }),
    });
    expect(seeded.status).toBe(200);
    const before = f.resend.requests.length;
    await f.worker.drain();
    const after = await f.core.db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.status).toBe('dead');
    expect(after.lastError).toMatch(/^unknown: /);
    const calls = f.resend.requests.slice(before);
    expect(calls.map((c) => [c.status, c.idempotencyKey])).toEqual([[409, message.idempotencyKey]]);
    // The log is pino JSON: one object a line, level in lower case.
    const logged = f.logger.lines.map((l) => JSON.parse(l) as { level: string; msg: string; messages?: string[] });
    expect(
      logged.some((l) => l.level === 'error' && l.msg.startsWith('BUG: ') && l.messages?.includes(message.id)),
    ).toBe(true);
  });

  it('does not send again past the idempotency window; the message goes to the dead letters as unknown', async () => {
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['late@example.com'],
      actor: 'system',
    });
    // An attempt 25 hours ago whose answer never came.
    await f.core.db.message.update({
      where: { id: queued[0]!.messageId },
      data: { attempts: 1, firstAttemptAt: new Date(f.clock.now.getTime() - 25 * 3_600_000) },
    });
    const before = f.resend.requests.length;
    await f.worker.drain();
    const after = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    expect(after).toMatchObject({ status: 'dead' });
    expect(after.lastError).toMatch(/^unknown: no confirmation within the provider's idempotency window/);
    expect(f.resend.requests.length).toBe(before);
  });
});
