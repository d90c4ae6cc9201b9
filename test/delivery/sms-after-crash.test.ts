/**
 * Issue 10: Twilio has no idempotency key. An SMS whose earlier attempt may
 * have reached Twilio (a lost answer, or a worker that died mid-call) is
 * looked up in Twilio's Message list first, and sent again only if absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, type WorkerFixture } from './worker-fixture.ts';
import { createCore } from '../../src/core/core.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createTwilioSmsSender } from '../../src/delivery/twilio-sms-sender.ts';
import type { SmsSender } from '../../src/delivery/sms-sender.ts';

describe.each(testProviders)('SMS re-sent after a crash or a lost answer, on %s', (provider) => {
  let f: WorkerFixture;
  beforeAll(async () => {
    f = await createWorkerFixture(provider);
  });
  afterAll(() => f?.closeAll());

  const textsTo = (phone: string) => f.twilio.messages.filter((m) => m.to === phone);
  const lookups = () => f.twilio.requests.filter((r) => r.method === 'GET').length;

  it('finds the SMS whose answer was lost and records it instead of texting twice', { timeout: 60_000 }, async () => {
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: ['+14155550161'],
      actor: 'system',
    });
    f.twilio.loseNextAnswers(1);
    await f.worker.drain();
    expect(textsTo('+14155550161')).toHaveLength(1);
    expect((await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } })).status).toBe(
      'pending',
    );
    const before = lookups();
    f.clock.advance(60_000);
    await f.worker.drain();
    const message = await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } });
    expect(message).toMatchObject({ status: 'sent', attempts: 2, providerId: textsTo('+14155550161')[0]!.sid });
    expect(textsTo('+14155550161')).toHaveLength(1);
    expect(lookups()).toBe(before + 1);
  });

  it('sends again when the look-up finds nothing (the first attempt never reached Twilio)', {
    timeout: 60_000,
  }, async () => {
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: ['+14155550162'],
      actor: 'system',
    });
    f.twilio.failNext(503);
    await f.worker.drain();
    f.clock.advance(60_000);
    await f.worker.drain();
    expect((await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } })).status).toBe('sent');
    expect(textsTo('+14155550162')).toHaveLength(1);
  });

  it('takes over the SMS of a worker that died mid-call and does not text twice', { timeout: 60_000 }, async () => {
    // Real time and a 2 s lease: the dead worker's claim runs out quickly.
    const core = createCore({ db: f.core.db, publicUrl: f.core.publicUrl, linkKey: f.core.linkKey, leaseMs: 2_000 });
    const twilio = createTwilioSmsSender({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      from: TWILIO_FROM,
      apiUrl: f.twilio.url,
      timeoutMs: 5_000,
    });
    // Reaches Twilio, then never comes back: the process died before it could record anything.
    const dying: SmsSender = { name: 'dying', send: async (sms) => (await twilio.send(sms), new Promise(() => {})) };
    const { invited } = await inviteContacts(core, {
      accountId: f.account.id,
      invitees: ['+14155550163'],
      actor: 'system',
    });
    const dead = f.newWorker({ core, workerId: 'dead', sms: dying });
    void dead.runOnce(); // no heartbeat: it is not started, like a process that was killed
    const deadline = Date.now() + 10_000;
    while (textsTo('+14155550163').length === 0) {
      if (Date.now() > deadline) throw new Error('the dying worker never texted');
      await new Promise((r) => setTimeout(r, 20));
    }
    const live = f.newWorker({ core, workerId: 'live', pollIntervalMs: 50 });
    live.start();
    const until = Date.now() + 20_000;
    while ((await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } })).status !== 'sent') {
      if (Date.now() > until) throw new Error('the live worker did not take the SMS over');
      await new Promise((r) => setTimeout(r, 50));
    }
    await live.stop();
    expect(textsTo('+14155550163')).toHaveLength(1);
    expect(f.logger.lines.some((l) => l.includes('took back messages') && l.includes('"dead"'))).toBe(true);
  });
});
