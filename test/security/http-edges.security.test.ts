/**
 * Issue #11, findings 6 (spoofable client address), 7 (500s and stacks on bad
 * input) and 12 (headers), against the whole service in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { clientKeyOf } from '../../src/http/client-address.ts';
import { loadConfig } from '../../src/config.ts';

/** What must never reach a client: a stack frame or a path on the server's disk. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toMatch(/node_modules|\/work\/|\/src\/|\.ts:\d+/);
  expect(text).not.toContain('Maximum call stack');
}

describe.each(testProviders)('bad input never gets a 500 or a stack on %s (finding 7)', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
  });
  afterAll(() => api?.close());

  it('answers a malformed %-escape in an API path with 400 JSON', async () => {
    const answer = await api.call('GET', '/contacts/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('bad_request');
    expectNoInternals(JSON.stringify(answer.body));
  });

  it('answers a 100,000-deep JSON body with an Idempotency-Key with a 4xx, not "Maximum call stack"', async () => {
    const contact = await api.call('POST', '/contacts', { body: { email: 'deep@example.com' } });
    expect(contact.status).toBeLessThan(300);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const answer = await api.call('POST', `/contacts/${contact.body.id ?? contact.body.contact?.id}/magic-links`, {
      rawBody: deep,
      headers: { 'idempotency-key': 'deep-1' },
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expectNoInternals(JSON.stringify(answer.body));
  });

  it('answers an oversized webhook body with 413 and no stack or path', async () => {
    for (const path of ['/webhooks/twilio', '/webhooks/resend']) {
      const response = await fetch(`${api.app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a='.padEnd(400_000, 'x'),
      });
      const text = await response.text();
      expect(response.status, path).toBe(413);
      expectNoInternals(text);
    }
  });

  it('answers malformed paths outside the API and portal with 400 or 404, never 500', async () => {
    for (const path of ['/%E0%A4%A', '/healthz/%E0%A4%A', '/webhooks/%E0%A4%A', '/l/%E0%A4%A', '/slack/%ff']) {
      const response = await fetch(`${api.app.url}${path}`);
      const text = await response.text();
      expect([400, 404], path).toContain(response.status);
      expectNoInternals(text);
    }
  });
});

describe('headers (finding 12)', () => {
  let api: TestApi;
  let https: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite');
    https = await startApi('sqlite', { PUBLIC_URL: 'https://portal.example.com' });
  });
  afterAll(async () => {
    await api?.close();
    await https?.close();
  });

  it('sends nosniff on JSON answers: API, errors, health and webhooks', async () => {
    for (const answer of [
      await api.call('GET', '/contacts'),
      await api.call('GET', '/nope'),
      await api.call('GET', '/contacts', { key: null }),
    ]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['POST', '/webhooks/resend'],
      ['GET', '/api/v1/openapi.json'],
    ] as const) {
      const response = await fetch(`${api.app.url}${path}`, { method });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('sends HSTS only when PUBLIC_URL is https', async () => {
    expect((await https.call('GET', '/contacts')).headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect((await fetch(`${https.app.url}/login`)).headers.get('strict-transport-security')).toContain('max-age=');
    expect((await fetch(`${https.app.url}/healthz`)).headers.get('strict-transport-security')).toContain('max-age=');
    expect((await api.call('GET', '/contacts')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('client address (finding 6)', () => {
  it('keys IPv6 clients on their /64 and IPv4 on the address', () => {
    expect(clientKeyOf('2001:db8:1:2::1')).toBe(clientKeyOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(clientKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOf('2001:db8:1:3::1')).not.toBe(clientKeyOf('2001:db8:1:2::1'));
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(clientKeyOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKeyOf('192.0.2.1')).toBe('192.0.2.1');
  });

  it('reads TRUST_PROXY with Express\'s meaning, off by default, and refuses "trust everyone" and nonsense', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  async function passwordTries(p: PortalApp, forwardedFor: (i: number) => string, tries: number): Promise<number[]> {
    const browser = new PortalBrowser(p.url);
    const form = await browser.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < tries; i++) {
      const answer = await browser.post(
        '/login',
        { email: `nobody${i}@example.com`, password: 'wrong-password' },
        form,
        { 'x-forwarded-for': forwardedFor(i) },
      );
      statuses.push(answer.status);
    }
    return statuses;
  }

  it('ignores X-Forwarded-For by default: a client cannot pick a fresh address per try', async () => {
    const p = await startPortalApp('sqlite', { RATE_LIMIT_SCALE: '1' });
    try {
      const statuses = await passwordTries(p, (i) => `203.0.113.${i + 1}`, 11);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await p.close();
    }
  });

  it('with TRUST_PROXY=loopback, believes the proxy, and counts an IPv6 /64 as one client', async () => {
    const p = await startPortalApp('sqlite', { RATE_LIMIT_SCALE: '1', TRUST_PROXY: 'loopback' });
    try {
      // Eleven IPv4 clients behind the proxy: each has its own limit.
      expect((await passwordTries(p, (i) => `203.0.113.${i + 1}`, 11)).every((s) => s === 401)).toBe(true);
      // Eleven addresses of one /64: one limit.
      const statuses = await passwordTries(p, (i) => `2001:db8:5:6::${(i + 1).toString(16)}`, 11);
      expect(statuses[10]).toBe(429);
    } finally {
      await p.close();
    }
  });
});
