import { outgoingEventTypes } from '../../src/core/events/event-types.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { openSecret } from '../../src/core/events/webhook-secret-box.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A subscriber: a real HTTP server that checks nothing and records everything; `status` is what it answers. */
async function startSubscriber(): Promise<{
  url: string;
  received: Received[];
  answer: { status: number };
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a subscriber should do with the signature header. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(testProviders)('outgoing events on %s', (provider) => {
  let api: TestApi;
  let subscriber: Awaited<ReturnType<typeof startSubscriber>>;
  let secret: string;
  beforeAll(async () => {
    subscriber = await startSubscriber();
    // The subscriber listens on 127.0.0.1, which production refuses (test/api/api.security.test.ts).
    api = await startApi(provider, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  });
  afterAll(async () => {
    await api?.close();
    await subscriber?.close();
  });

  /** Sends what is due; the service's own worker may hold some of it, so wait until nothing is in flight. */
  async function deliver(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await api.app.outbox.drain();
      const db = api.app.context.core.db;
      const now = new Date();
      if (
        (await db.message.count({
          where: { OR: [{ status: 'sending' }, { status: 'pending', nextAttemptAt: { lte: now } }] },
        })) === 0
      )
        return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the outbox never settled');
  }

  const events = () =>
    subscriber.received.map((r) => ({
      ...r,
      event: JSON.parse(r.body) as { id: string; type: string; data: Record<string, any> },
    }));

  it('subscribes, keeping the secret sealed at rest', async () => {
    const created = await api.call('POST', '/webhooks', { body: { url: subscriber.url } });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(created.body.webhook.events).toEqual([...outgoingEventTypes]);
    const row = await api.app.context.core.db.webhookSubscription.findUniqueOrThrow({
      where: { id: created.body.webhook.id },
    });
    expect(row.secret).not.toContain(secret);
    expect(openSecret(api.app.context.core.linkKeys, row.secret)).toBe(secret);
    expect((await api.call('GET', '/webhooks')).body.data).toHaveLength(1);
    expect((await api.call('POST', '/webhooks', { body: { url: 'ftp://example.com' } })).status).toBe(422);
    expect(
      (await api.call('POST', '/webhooks', { body: { url: 'https://x.example.com', events: ['contact.deleted'] } }))
        .status,
    ).toBe(400);
  });

  it('delivers signed events for invites, grants, revokes, redemptions and activations', async () => {
    const invite = await api.call('POST', '/invitations', { body: { contacts: ['ev@example.com'] } });
    const db = api.app.context.core.db;
    for (let i = 0; i < 100 && (await db.message.count({ where: { bulkJobId: invite.body.job.id } })) === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    const contact = (await api.call('GET', '/contacts/ev@example.com')).body.contact;
    await api.call('POST', `/contacts/${contact.id}/grants`, {
      body: { kind: 'course', resourceName: 'Intro to SEO' },
    });
    await api.call('DELETE', `/contacts/${contact.id}/grants?kind=course&resourceName=Intro to SEO`);
    const link = await api.call('POST', `/contacts/${contact.id}/magic-links`, {});
    await redeemLink(api.app.context.core, {
      accountId: api.app.context.defaultAccount.id,
      token: link.body.url.split('/l/')[1],
    });
    await deliver();

    const got = events();
    expect(got.map((e) => e.event.type)).toEqual([
      'contact.invited',
      'access.granted',
      'access.revoked',
      'link.redeemed',
      'contact.activated',
    ]);
    for (const { headers, body, event } of got) {
      expect(verify(secret, String(headers['portal-desk-signature']), body)).toBe(true);
      expect(verify('whsec_wrong-secret-wrong-secret', String(headers['portal-desk-signature']), body)).toBe(false);
      expect(headers['portal-desk-event-id']).toBe(event.id);
      expect(headers['portal-desk-event']).toBe(event.type);
      expect(headers['content-type']).toBe('application/json');
      expect(event.data.contact).toMatchObject({ id: contact.id, email: 'ev@example.com' });
    }
    expect(new Set(got.map((e) => e.event.id)).size).toBe(got.length);
    expect(got[1]!.event.data).toMatchObject({ kind: 'course', resourceName: 'Intro to SEO' });
    expect(got[4]!.event.data.contact.status).toBe('active');
    // Nothing secret travels: no link token in any event.
    expect(subscriber.received.map((r) => r.body).join('')).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
  });

  it('retries a failing subscriber later with the same event id, and only subscribed events are sent', async () => {
    const only = await api.call('POST', '/webhooks', {
      body: { url: `${subscriber.url}?only=granted`, events: ['access.granted'] },
    });
    expect(only.status).toBe(201);
    subscriber.received.length = 0;
    subscriber.answer.status = 503;
    const contact = (await api.call('POST', '/contacts', { body: { email: 'retry-ev@example.com' } })).body.contact;
    await api.call('POST', `/contacts/${contact.id}/grants`, { body: { kind: 'affiliate' } });
    await deliver();
    // Both subscriptions were tried once, and both deliveries wait for a retry.
    expect(subscriber.received).toHaveLength(2);
    const firstId = subscriber.received[0]!.headers['portal-desk-event-id'];
    expect(subscriber.received[1]!.headers['portal-desk-event-id']).toBe(firstId);
    const pending = await api.app.context.core.db.message.findMany({
      where: { channel: 'webhook', status: 'pending', attempts: 1 },
    });
    expect(pending).toHaveLength(2);
    expect(pending[0]!.lastError).toBe('subscriber answered 503');
    // Make the retry due now, then the subscriber recovers.
    subscriber.answer.status = 200;
    await api.app.context.core.db.message.updateMany({
      where: { channel: 'webhook', status: 'pending' },
      data: { nextAttemptAt: new Date(0) },
    });
    await deliver();
    expect(subscriber.received.slice(2).map((r) => r.headers['portal-desk-event-id'])).toEqual([firstId, firstId]);
    expect(
      await api.app.context.core.db.message.count({ where: { channel: 'webhook', status: { not: 'sent' } } }),
    ).toBe(0);
  });

  it('stops after unsubscribing, and a permanent refusal does not loop through message.failed', async () => {
    subscriber.received.length = 0;
    subscriber.answer.status = 410;
    const contact = (await api.call('POST', '/contacts', { body: { email: 'gone@example.com' } })).body.contact;
    await api.call('POST', `/contacts/${contact.id}/grants`, { body: { kind: 'community', resourceName: 'Founders' } });
    await deliver();
    expect(subscriber.received).toHaveLength(2);
    expect(await api.app.context.core.db.message.count({ where: { channel: 'webhook', status: 'failed' } })).toBe(2);
    expect(await api.app.context.core.db.message.count({ where: { channel: 'webhook', status: 'pending' } })).toBe(0);
    subscriber.answer.status = 200;
    for (const hook of (await api.call('GET', '/webhooks')).body.data)
      expect((await api.call('DELETE', `/webhooks/${hook.id}`)).status).toBe(200);
    await api.call('POST', `/contacts/${contact.id}/grants`, { body: { kind: 'affiliate' } });
    await deliver();
    expect(subscriber.received).toHaveLength(2);
  });
});
