import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { createTestCore } from '../support/test-core.ts';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createReadiness } from '../../src/readiness.ts';
import { coreReadinessChecks } from '../../src/readiness-checks.ts';
import { loadConfig } from '../../src/config.ts';
import { drainServer } from '../../src/http/drain-server.ts';

const TOKEN = 'metrics-token-0123456789';

describe('GET /metrics and GET /readyz', () => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp('sqlite', { METRICS_TOKEN: TOKEN, RATE_LIMIT_SCALE: '0.1' });
  });
  afterAll(async () => p?.close());

  const scrape = async () => {
    const response = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };

  it('needs the bearer token when one is set', async () => {
    expect((await fetch(`${p.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${p.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
  });

  it('counts requests by route pattern, sends by provider, redemptions and refusals, and reads the outbox at scrape time', async () => {
    const { core, defaultAccount } = p.app.context;
    const before = (await scrape()).samples;
    await fetch(`${p.url}/healthz`);

    // One invitation, sent through the local outbox; then one of its messages made dead, as a stuck outbox would show.
    const { invited } = await inviteContacts(core, {
      accountId: defaultAccount.id,
      invitees: ['ana@example.com'],
      actor: 'system',
    });
    await p.app.outbox.drain();
    await core.db.message.update({
      where: { id: invited[0]!.messageId },
      data: { status: 'dead', createdAt: new Date(Date.now() - 90_000) },
    });

    // A link used once (redeemed), then again (refused: link_used).
    const contact = (
      await findOrCreateContact(core, { accountId: defaultAccount.id, address: 'ben@example.com', actor: 'system' })
    ).contact;
    const link = await createMagicLink(core, { accountId: defaultAccount.id, contactId: contact.id, actor: 'system' });
    const browser = new PortalBrowser(p.url);
    const shown = await browser.get(`/l/${link.token}`);
    expect((await browser.post(`/l/${link.token}`, {}, shown)).status).toBe(303);
    expect((await browser.post(`/l/${link.token}`, {}, shown)).status).toBe(410);

    const { types, samples } = await scrape();
    expect(types.get('portal_desk_http_request_duration_seconds')).toBe('histogram');
    expect(
      sampleValue(samples, 'portal_desk_http_request_duration_seconds_count', {
        route: '/healthz',
        status: '200',
        method: 'GET',
      }) - sampleValue(before, 'portal_desk_http_request_duration_seconds_count', { route: '/healthz', status: '200' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'portal_desk_http_request_duration_seconds_count', {
        route: '/l/:token',
        status: '303',
        method: 'POST',
      }),
    ).toBe(1);
    // No token ever becomes a label.
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(link.token)))).toBe(false);
    expect(
      sampleValue(samples, 'portal_desk_sends_total', { channel: 'email', provider: 'local outbox', result: 'sent' }) -
        sampleValue(before, 'portal_desk_sends_total', { channel: 'email', provider: 'local outbox', result: 'sent' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'portal_desk_redemptions_total', { kind: 'link', result: 'redeemed' }) -
        sampleValue(before, 'portal_desk_redemptions_total', { kind: 'link', result: 'redeemed' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'portal_desk_redemptions_total', { kind: 'link', result: 'refused', reason: 'link_used' }),
    ).toBeGreaterThanOrEqual(1);
    expect(types.get('portal_desk_outbox_messages')).toBe('gauge');
    expect(sampleValue(samples, 'portal_desk_outbox_messages', { channel: 'email', status: 'dead' })).toBe(1);
    expect(
      sampleValue(samples, 'portal_desk_outbox_oldest_age_seconds', { channel: 'email', status: 'dead' }),
    ).toBeGreaterThanOrEqual(89);
    expect(sampleValue(samples, 'portal_desk_bulk_jobs_running')).toBe(0);
    expect(samples.some((s) => s.name === 'portal_desk_process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts rate-limit refusals by limit', async () => {
    const before = sampleValue((await scrape()).samples, 'portal_desk_rate_limit_refusals_total', {
      limit: 'linkPerIp',
    });
    let refused = 0;
    for (let i = 0; i < 12 && refused === 0; i++)
      if ((await fetch(`${p.url}/l/unknown-token-${i}`)).status === 429) refused++;
    expect(refused).toBe(1);
    expect(
      sampleValue((await scrape()).samples, 'portal_desk_rate_limit_refusals_total', { limit: 'linkPerIp' }) - before,
    ).toBe(1);
  });

  it('is ready with every check passing, and names the check that fails', async () => {
    const ready = await fetch(`${p.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { checks: object }).checks).sort()).toEqual([
      'database',
      'migrations',
      'slack',
      'worker',
    ]);

    p.app.readiness.add({ name: 'probe', check: async () => ({ ok: false, detail: 'switched off by the test' }) });
    const notReady = await fetch(`${p.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not ready',
      checks: { database: { ok: true }, probe: { ok: false, detail: 'switched off by the test' } },
    });
    // /healthz only says the process is alive.
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
  });

  it('is not ready when a migration of this build is not applied', async () => {
    const { db } = p.app.context.core;
    const [last] = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1',
    );
    await db.$executeRawUnsafe(
      'UPDATE "_prisma_migrations" SET rolled_back_at = finished_at WHERE migration_name = ?',
      last!.migration_name,
    );
    const body = (await (await fetch(`${p.url}/readyz`)).json()) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.checks.migrations).toEqual({ ok: false, detail: `not applied: ${last!.migration_name}` });
  });
});

describe('metrics switched off', () => {
  it('has no /metrics unless METRICS=on or METRICS_TOKEN is set', async () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadConfig({ METRICS: 'on' }).metrics.enabled).toBe(true);
    expect(() => loadConfig({ METRICS: 'sometimes' })).toThrow(/METRICS must be on or off/);
    const p = await startPortalApp('sqlite');
    try {
      expect((await fetch(`${p.url}/metrics`)).status).toBe(404);
    } finally {
      await p.close();
    }
  });
});

describe('readiness checks', () => {
  it('fails the worker check when the outbox worker has no recent heartbeat', async () => {
    const t = await createTestCore('sqlite');
    try {
      const config = loadConfig({ DATABASE_URL: 'file:unused.db', OUTBOX_LEASE_SECONDS: '30' });
      const worker: { lastHeartbeatAt: Date | undefined } = { lastHeartbeatAt: undefined };
      const readiness = createReadiness(coreReadinessChecks({ core: t.core, config, worker }));
      expect((await readiness.run()).checks.worker).toEqual({
        ok: false,
        detail: 'the outbox worker has not reached the database yet',
      });
      worker.lastHeartbeatAt = new Date(Date.now() - 2_000);
      expect((await readiness.run()).checks.worker).toEqual({ ok: true, detail: 'heartbeat 2 s ago' });
      worker.lastHeartbeatAt = new Date(Date.now() - 61_000);
      const { ready, checks } = await readiness.run();
      expect(ready).toBe(false);
      expect(checks.worker!.detail).toBe('last heartbeat 61 s ago (lease 30 s): the outbox worker is stuck');
    } finally {
      await t.close();
    }
  });

  it('fails a check that throws or does not answer in time', async () => {
    const readiness = createReadiness([
      { name: 'throws', check: async () => Promise.reject(new Error('connection refused\nstack…')) },
      { name: 'hangs', check: () => new Promise(() => {}) },
    ]);
    expect(await readiness.run({ timeoutMs: 100 })).toEqual({
      ready: false,
      checks: {
        throws: { ok: false, detail: 'connection refused' },
        hangs: { ok: false, detail: 'no answer within 100 ms' },
      },
    });
  });
});

describe('graceful HTTP shutdown (drainServer)', () => {
  const slowServer = (ms: number) =>
    createServer((_req, res) => {
      setTimeout(() => res.end('done'), ms);
    });
  const get = (port: number) =>
    new Promise<{ status?: number; body: string }>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
        .on('error', reject)
        .end();
    });

  it('lets a request in flight finish, and refuses new connections meanwhile', async () => {
    const server = slowServer(400);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const inFlight = get(port);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const draining = drainServer(server, { timeoutMs: 10_000 });
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    expect(await draining).toEqual({ drained: true });
  });

  it('cuts what is still running at the timeout', async () => {
    const server = slowServer(60_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const inFlight = get(port);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    expect(await drainServer(server, { timeoutMs: 300 })).toEqual({ drained: false });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
