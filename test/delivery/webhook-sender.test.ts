import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSender, signWebhook, type OutgoingWebhook } from '../../src/delivery/webhook-sender.ts';

/**
 * A subscriber on 127.0.0.1 that counts every connection (so "nothing reached
 * it" means not even a TCP handshake) and answers by path.
 */
async function startSubscriber() {
  const requests: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/redirect') return res.writeHead(302, { location: '/hooks' }).end();
      if (req.url === '/busy') return res.writeHead(429, { 'retry-after': '7' }).end();
      const status = Number(/^\/status\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end('a body nobody reads');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    connections: () => connections,
    reset() {
      requests.length = 0;
      connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const hook = (url: string): OutgoingWebhook => ({
  url,
  secret: 'whsec_test-secret-test-secret',
  eventId: 'evt_1',
  eventType: 'contact.activated',
  body: JSON.stringify({ id: 'evt_1', type: 'contact.activated', data: { name: 'Zoë' } }),
});

describe('webhook sender', () => {
  let subscriber: Awaited<ReturnType<typeof startSubscriber>>;
  beforeAll(async () => {
    subscriber = await startSubscriber();
  });
  beforeEach(() => subscriber.reset());
  afterAll(() => subscriber?.close());

  describe('on private networks (the default refuses them)', () => {
    const refusing = createWebhookSender();

    it('refuses a subscriber on 127.0.0.1 for good, and nothing reaches it', async () => {
      const result = await refusing.send(hook(`http://127.0.0.1:${subscriber.port}/hooks`));
      expect(result).toEqual({
        ok: false,
        failure: {
          kind: 'permanent',
          reason:
            "the subscriber's address 127.0.0.1 is on a private network: webhooks are only sent to addresses on the public internet",
        },
      });
      expect(subscriber.connections()).toBe(0);
    });

    it('refuses IPv6 forms of loopback before connecting', async () => {
      for (const host of ['[::1]', '[::ffff:127.0.0.1]']) {
        const result = await refusing.send(hook(`http://${host}:${subscriber.port}/hooks`));
        expect(result.ok, host).toBe(false);
        expect(!result.ok && result.failure).toMatchObject({
          kind: 'permanent',
          reason: expect.stringContaining('is on a private network'),
        });
      }
      expect(subscriber.connections()).toBe(0);
    });

    it('refuses a name that resolves to a private address (localhost) when connecting', async () => {
      const result = await refusing.send(hook(`http://localhost:${subscriber.port}/hooks`));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.failure.kind).toBe('permanent');
      // The address comes from the DNS answer the connection would have used.
      expect(!result.ok && result.failure.reason).toMatch(
        /^the subscriber's address localhost \((127\.0\.0\.1|::1)\) is on a private network/,
      );
      expect(subscriber.connections()).toBe(0);
    });

    it('reaches the same subscriber when private networks are allowed, signed as before', async () => {
      const now = new Date('2030-01-02T03:04:05Z');
      const sent = hook(`http://127.0.0.1:${subscriber.port}/hooks`);
      const result = await createWebhookSender({ allowPrivateNetworks: true, now: () => now }).send(sent);
      expect(result).toEqual({ ok: true, providerId: 'evt_1:200' });
      expect(subscriber.requests).toHaveLength(1);
      const [received] = subscriber.requests;
      expect(received!.body).toBe(sent.body);
      expect(received!.headers).toMatchObject({
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(sent.body)),
        'user-agent': 'PortalDesk-Webhooks/1',
        'portal-desk-event-id': 'evt_1',
        'portal-desk-event': 'contact.activated',
        'portal-desk-signature': signWebhook(sent.secret, Math.floor(now.getTime() / 1000), sent.body),
      });
    });
  });

  describe('answers, classified as before', () => {
    const sender = createWebhookSender({ allowPrivateNetworks: true, timeoutMs: 300 });
    const send = (path: string) => sender.send(hook(`http://127.0.0.1:${subscriber.port}${path}`));

    it('counts any 2xx as delivered', async () => {
      expect(await send('/status/204')).toEqual({ ok: true, providerId: 'evt_1:204' });
    });

    it('does not follow a redirect: it is a permanent failure', async () => {
      expect(await send('/redirect')).toEqual({
        ok: false,
        failure: { kind: 'permanent', reason: 'subscriber answered 302', status: 302 },
      });
      expect(subscriber.requests.map((r) => r.path)).toEqual(['/redirect']);
    });

    it('retries 429 with its Retry-After, and 408 and 5xx', async () => {
      expect(await send('/busy')).toEqual({
        ok: false,
        failure: { kind: 'retryable', reason: 'subscriber answered 429', status: 429, retryAfterMs: 7000 },
      });
      for (const status of [408, 500, 503]) {
        expect(await send(`/status/${status}`)).toMatchObject({
          ok: false,
          failure: { kind: 'retryable', reason: `subscriber answered ${status}`, status },
        });
      }
    });

    it('gives up on other 4xx', async () => {
      for (const status of [400, 404, 410]) {
        expect(await send(`/status/${status}`)).toEqual({
          ok: false,
          failure: { kind: 'permanent', reason: `subscriber answered ${status}`, status },
        });
      }
    });

    it('retries a subscriber that does not answer in time, or cannot be reached', async () => {
      expect(await send('/slow')).toEqual({
        ok: false,
        failure: { kind: 'retryable', reason: 'webhook request failed: timed out' },
      });
      const closed = await startSubscriber();
      await closed.close();
      const unreachable = await sender.send(hook(`http://127.0.0.1:${closed.port}/hooks`));
      expect(unreachable).toMatchObject({
        ok: false,
        failure: { kind: 'retryable', reason: expect.stringContaining('ECONNREFUSED') },
      });
    });
  });
});
