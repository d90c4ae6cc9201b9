import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import twilio from 'twilio';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createEmptyDatabase, testProviders, type TestDatabase } from '../support/test-database.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio.ts';
import { TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN } from './worker-fixture.ts';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe.each(testProviders)('provider webhooks on %s', (provider) => {
  let app: RunningApp;
  let database: TestDatabase;
  let resend: FakeResend;
  let fakeTwilio: FakeTwilio;
  let dataDir: string;

  beforeAll(async () => {
    database = await createEmptyDatabase(provider);
    dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-webhooks-'));
    resend = await startFakeResend({ apiKey: 're_webhook_test_key_0123456789' });
    fakeTwilio = await startFakeTwilio({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    const config = loadConfig({
      PORT: '0',
      PUBLIC_URL: 'https://portal.example.com',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      RESEND_API_KEY: 're_webhook_test_key_0123456789',
      RESEND_BASE_URL: resend.url,
      RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EMAIL_FROM: 'Portal Desk <portal@example.com>',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_FROM,
      TWILIO_API_URL: fakeTwilio.url,
    });
    app = await startApp(config, { logger: createMemoryLogger() });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([resend?.close(), fakeTwilio?.close()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const core = () => app.context.core;

  async function sentMessage(address: string) {
    const { invited } = await inviteContacts(core(), {
      accountId: app.context.defaultAccount.id,
      invitees: [address],
      actor: 'system',
    });
    await app.outbox.drain();
    return core().db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } });
  }

  function postResend(body: string, headers: Record<string, string>) {
    return fetch(`${app.url}/webhooks/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  }

  function signedResend(eventId: string, event: object) {
    const body = JSON.stringify(event);
    const now = new Date();
    const signature = new Webhook(WEBHOOK_SECRET).sign(eventId, now, body);
    return {
      body,
      headers: {
        'svix-id': eventId,
        'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
        'svix-signature': signature,
      },
    };
  }

  it('names the transports in the banner', () => {
    expect(app.integrations.find((i) => i.name === 'email')).toMatchObject({ on: true });
    expect(app.integrations.find((i) => i.name === 'email')!.detail).toContain('Resend');
    expect(app.integrations.find((i) => i.name === 'sms')!.detail).toContain(`Twilio from ${TWILIO_FROM}`);
  });

  it('applies a signed Resend event once, and a replay of the same event id changes nothing', async () => {
    const message = await sentMessage('hook1@example.com');
    expect(message.providerId).toBeTruthy();
    const delivered = signedResend('msg_delivered_1', {
      type: 'email.delivered',
      created_at: new Date().toISOString(),
      data: { email_id: message.providerId, created_at: new Date().toISOString() },
    });
    const first = await postResend(delivered.body, delivered.headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: 'recorded' });
    expect((await core().db.message.findUniqueOrThrow({ where: { id: message.id } })).deliveryStatus).toBe('delivered');

    const again = await postResend(delivered.body, delivered.headers);
    expect(await again.json()).toMatchObject({ result: 'duplicate' });

    const bounced = signedResend('msg_bounced_1', {
      type: 'email.bounced',
      created_at: new Date(Date.now() + 1000).toISOString(),
      data: { email_id: message.providerId, bounce: { message: 'mailbox full' } },
    });
    await postResend(bounced.body, bounced.headers);
    expect((await core().db.message.findUniqueOrThrow({ where: { id: message.id } })).deliveryStatus).toBe('bounced');
  });

  it('answers 401 to a bad or missing Svix signature and changes nothing', async () => {
    const message = await sentMessage('hook2@example.com');
    const event = { type: 'email.complained', data: { email_id: message.providerId } };
    const good = signedResend('msg_forged', event);
    const tampered = JSON.stringify({ ...event, type: 'email.bounced' });
    const cases: Array<[string, Record<string, string>]> = [
      [tampered, good.headers],
      [good.body, { ...good.headers, 'svix-signature': 'v1,' + randomBytes(32).toString('base64') }],
      [good.body, {}],
      [good.body, signedResendWith(`whsec_${randomBytes(24).toString('base64')}`, 'msg_forged', good.body)],
    ];
    for (const [body, headers] of cases) {
      const response = await postResend(body, headers);
      expect(response.status).toBe(401);
    }
    const row = await core().db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.deliveryStatus).toBeNull();
    expect(await core().db.webhookEvent.count({ where: { id: 'resend:msg_forged' } })).toBe(0);
  });

  it('applies a Twilio status callback signed for PUBLIC_URL, and refuses a bad signature', async () => {
    const message = await sentMessage('+14155550188');
    const sms = fakeTwilio.messages.find((m) => m.to === '+14155550188')!;
    expect(sms.statusCallback).toBe('https://portal.example.com/webhooks/twilio');
    const post = (params: Record<string, string>, signature?: string) =>
      fetch(`${app.url}/webhooks/twilio`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: new URLSearchParams(params).toString(),
      });
    const undelivered = {
      MessageSid: sms.sid,
      MessageStatus: 'undelivered',
      ErrorCode: '21610',
      AccountSid: TWILIO_SID,
    };
    const sign = (
      params: Record<string, string>,
      token = TWILIO_TOKEN,
      url = 'https://portal.example.com/webhooks/twilio',
    ) => twilio.getExpectedTwilioSignature(token, url, params);

    expect((await post(undelivered)).status).toBe(401);
    expect((await post(undelivered, sign(undelivered, 'another-auth-token'))).status).toBe(401);
    expect((await post(undelivered, sign(undelivered, TWILIO_TOKEN, `${app.url}/webhooks/twilio`))).status).toBe(401);
    expect((await post({ ...undelivered, MessageStatus: 'delivered' }, sign(undelivered))).status).toBe(401);
    let row = await core().db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.deliveryStatus).toBeNull();

    expect((await post(undelivered, sign(undelivered))).status).toBe(204);
    row = await core().db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.deliveryStatus).toBe('undelivered');
    const contact = await core().db.contact.findUniqueOrThrow({ where: { id: row.contactId! } });
    expect(contact.smsOptedOutAt).not.toBeNull();
  });
});

function signedResendWith(secret: string, eventId: string, body: string): Record<string, string> {
  const now = new Date();
  return {
    'svix-id': eventId,
    'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(eventId, now, body),
  };
}
