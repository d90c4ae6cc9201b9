import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, TWILIO_FROM, type WorkerFixture } from './worker-fixture.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { linkCode } from '../../src/core/links/link-secrets.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

describe.each(testProviders)('SMS outbox on %s', (provider) => {
  let f: WorkerFixture;
  beforeAll(async () => {
    f = await createWorkerFixture(provider);
  });
  afterAll(() => f?.closeAll());

  it('texts an invite from TWILIO_FROM with the link and the code, and records the Twilio sid', async () => {
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: ['+14155550123'],
      actor: 'slack:U1',
    });
    await f.worker.drain();
    const [sms] = await f.twilio.waitForMessages(1);
    expect(sms).toMatchObject({
      to: '+14155550123',
      from: TWILIO_FROM,
      statusCallback: 'http://portal.test/webhooks/twilio',
    });
    const message = await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } });
    expect(message).toMatchObject({ status: 'sent', providerId: sms!.sid });
    const { linkId } = JSON.parse(message.payload) as { linkId: string };
    expect(sms!.body).toMatch(
      /^Client Portal: you are invited\. Sign in: http:\/\/portal\.test\/l\/[A-Za-z0-9_-]{43} \(or code \d{6}\)$/,
    );
    expect(sms!.body).toContain(linkCode(f.core.linkKey, linkId));
    expect(message.preview).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
  });

  it('retries after a 5xx, and does not retry an invalid number (21211)', async () => {
    await inviteContacts(f.core, { accountId: f.account.id, invitees: ['+14155550124'], actor: 'slack:U1' });
    f.twilio.failNext(503);
    await f.worker.drain();
    expect(f.twilio.messages.filter((m) => m.to === '+14155550124')).toHaveLength(0);
    f.clock.advance(10_000);
    await f.worker.drain();
    expect(f.twilio.messages.filter((m) => m.to === '+14155550124')).toHaveLength(1);

    const before = f.twilio.requests.length;
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['+14155550124'],
      channel: 'sms',
      actor: 'slack:U1',
    });
    f.twilio.failNext(400, 1, 21211);
    await f.worker.drain();
    f.clock.advance(3_600_000);
    await f.worker.drain();
    const row = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/21211/);
    expect(f.twilio.requests.length - before).toBe(1);
  });

  it('marks a contact who replied STOP (21610) as opted out and refuses later texts with a clear reason', async () => {
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: ['+14155550125'],
      actor: 'slack:U1',
    });
    // A second text queued before the opt-out is known.
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['+14155550125'],
      channel: 'sms',
      actor: 'slack:U1',
    });
    f.twilio.optOut('+14155550125');
    await f.worker.drain();
    const contact = await f.core.db.contact.findUniqueOrThrow({ where: { id: invited[0]!.contact.id } });
    expect(contact.smsOptedOutAt).not.toBeNull();
    const rows = await f.core.db.message.findMany({
      where: { id: { in: [invited[0]!.messageId, queued[0]!.messageId] } },
    });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows.map((r) => r.lastError).join(' ')).toMatch(/21610|opted|STOP/);
    // Only one request reached Twilio: the second text was refused here, not by Twilio.
    expect(f.twilio.requests.filter((r) => r.status === 400).length).toBeGreaterThanOrEqual(1);
    let refused: unknown;
    try {
      await queueLoginEmails(f.core, {
        accountId: f.account.id,
        contacts: ['+14155550125'],
        channel: 'sms',
        actor: 'slack:U1',
      });
    } catch (error) {
      refused = error;
    }
    expect(isAppError(refused, 'invalid_input')).toBe(true);
    expect(JSON.stringify((refused as { details: unknown }).details)).toMatch(/replied STOP/);
  });

  it('sends from a Messaging Service when one is configured', async () => {
    const g = await createWorkerFixture(provider, { messagingServiceSid: 'MG' + 'b2'.repeat(16) });
    try {
      await inviteContacts(g.core, { accountId: g.account.id, invitees: ['+14155550126'], actor: 'slack:U1' });
      await g.worker.drain();
      const [sms] = await g.twilio.waitForMessages(1);
      expect(sms).toMatchObject({ to: '+14155550126', messagingServiceSid: 'MG' + 'b2'.repeat(16) });
      expect(sms!.from).toBeUndefined();
    } finally {
      await g.closeAll();
    }
  });
});
