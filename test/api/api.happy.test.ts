import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from './start-api.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';

describe.each(testProviders)('REST API, happy paths, on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
  });
  afterAll(() => api?.close());

  async function waitFor<T>(what: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    // Generous: on a busy shared machine queueing 150 invites can take a while; the test is about the outcome.
    const deadline = Date.now() + 80_000;
    while (Date.now() < deadline) {
      const value = await what();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition never became true');
  }

  it('upserts a contact by email, then by phone, filling in the missing address', async () => {
    const created = await api.call('POST', '/contacts', { body: { email: 'Ana@Example.com', firstName: 'Ana' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      created: true,
      contact: { email: 'ana@example.com', firstName: 'Ana', status: 'none', phone: null },
    });
    const updated = await api.call('POST', '/contacts', {
      body: { email: 'ana@example.com', phone: '+14155550101', lastName: 'Lopez' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.contact).toMatchObject({
      id: created.body.contact.id,
      phone: '+14155550101',
      firstName: 'Ana',
      lastName: 'Lopez',
    });
    const byPhone = await api.call('POST', '/contacts', { body: { phone: '+1 415 555 0101' } });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.contact.id).toBe(created.body.contact.id);
  });

  it('gets a contact by id, email or phone, with grants', async () => {
    const { body } = await api.call('POST', '/contacts', { body: { email: 'get@example.com' } });
    await api.call('POST', `/contacts/${body.contact.id}/grants`, {
      body: { kind: 'course', resourceName: 'Intro to SEO' },
    });
    for (const ref of [body.contact.id, 'get@example.com', encodeURIComponent('GET@example.com')]) {
      const got = await api.call('GET', `/contacts/${ref}`);
      expect(got.status).toBe(200);
      expect(got.body.contact.id).toBe(body.contact.id);
      expect(got.body.grants).toMatchObject([
        { kind: 'course', resourceName: 'Intro to SEO', resourceId: 'intro-to-seo' },
      ]);
    }
  });

  it('grants (201, then 200 unchanged) and revokes access', async () => {
    const { body } = await api.call('POST', '/contacts', { body: { email: 'grant@example.com' } });
    const id = body.contact.id;
    const first = await api.call('POST', `/contacts/${id}/grants`, {
      body: { kind: 'community', resourceName: 'Founders' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      changed: true,
      grant: { kind: 'community', resourceName: 'Founders', grantedBy: `api:${api.keyId}` },
    });
    const again = await api.call('POST', `/contacts/${id}/grants`, {
      body: { kind: 'community', resourceName: 'Founders' },
    });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    const affiliate = await api.call('POST', `/contacts/${id}/grants`, { body: { kind: 'affiliate' } });
    expect(affiliate.status).toBe(201);
    const revoked = await api.call('DELETE', `/contacts/${id}/grants?kind=community&resourceName=Founders`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.grant.revokedAt).not.toBeNull();
    const got = await api.call('GET', `/contacts/${id}`);
    expect(got.body.grants.map((g: { kind: string }) => g.kind)).toEqual(['affiliate']);
    const missing = await api.call('DELETE', `/contacts/${id}/grants?kind=community&resourceName=Founders`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('grant_not_found');
  });

  it('returns a magic link for delivery none, and queues one for email and sms', async () => {
    const { body } = await api.call('POST', '/contacts', {
      body: { email: 'link@example.com', phone: '+14155550102' },
    });
    const id = body.contact.id;
    const none = await api.call('POST', `/contacts/${id}/magic-links`, {
      body: { section: 'courses', resourceName: 'Intro to SEO' },
    });
    expect(none.status).toBe(201);
    expect(none.headers.get('cache-control')).toBe('no-store');
    expect(none.body).toMatchObject({ delivery: 'none', section: 'courses', path: '/portal/courses/intro-to-seo' });
    expect(none.body.url).toMatch(/^http:\/\/portal\.test\/l\/[A-Za-z0-9_-]{43}$/);
    expect(none.body.code).toMatch(/^\d{6}$/);
    // The link works: redemption accepts it and lands in the section.
    const redeemed = await redeemLink(api.app.context.core, {
      accountId: api.app.context.defaultAccount.id,
      token: none.body.url.split('/l/')[1],
    });
    expect(redeemed).toMatchObject({ path: '/portal/courses/intro-to-seo', firstSignIn: true });

    const email = await api.call('POST', `/contacts/${id}/magic-links`, { body: { delivery: 'email' } });
    expect(email.status).toBe(202);
    expect(email.body).toMatchObject({ delivery: 'email', toAddress: 'link@example.com' });
    const sms = await api.call('POST', `/contacts/${id}/magic-links`, {
      body: { delivery: 'sms', section: 'communities' },
    });
    expect(sms.status).toBe(202);
    const messages = await api.app.context.core.db.message.findMany({
      where: { contactId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(messages.map((m) => [m.channel, m.template, m.toAddress])).toEqual([
      ['email', 'login', 'link@example.com'],
      ['sms', 'login', '+14155550102'],
    ]);
    expect(messages[1]!.createdBy).toBe(`api:${api.keyId}`);
  });

  it('invites in bulk: answers with a job at once, then every contact is invited', { timeout: 120_000 }, async () => {
    const contacts = Array.from({ length: 150 }, (_, i) =>
      i % 3 === 0 ? { address: `bulk${i}@example.com`, firstName: `Bulk${i}` } : `bulk${i}@example.com`,
    );
    const answer = await api.call('POST', '/invitations', {
      body: { contacts, grants: [{ kind: 'course', resourceName: 'Onboarding' }] },
    });
    expect(answer.status).toBe(202);
    expect(answer.body.job).toMatchObject({ kind: 'invite', total: 150 });
    expect(answer.headers.get('location')).toBe(`/api/v1/jobs/${answer.body.job.id}`);
    const db = api.app.context.core.db;
    await waitFor(
      () => db.message.count({ where: { bulkJobId: answer.body.job.id } }),
      (n) => n === 150,
    );
    const job = await api.call('GET', `/jobs/${answer.body.job.id}`);
    expect(job.status).toBe(200);
    expect(job.body.job).toMatchObject({ id: answer.body.job.id, total: 150 });
    const invited = await api.call('GET', '/contacts?status=invited&grant=course&resourceName=Onboarding&limit=100');
    expect(invited.body.data).toHaveLength(100);
    expect(invited.body.nextCursor).toEqual(expect.any(String));
    const rest = await api.call(
      'GET',
      `/contacts?status=invited&grant=course&resourceName=Onboarding&limit=100&cursor=${invited.body.nextCursor}`,
    );
    expect(rest.body.data).toHaveLength(50);
    expect(rest.body.nextCursor).toBeNull();
    const ids = new Set([...invited.body.data, ...rest.body.data].map((c: { id: string }) => c.id));
    expect(ids.size).toBe(150);
  });

  it('sends login emails in bulk to existing contacts', async () => {
    await api.call('POST', '/contacts', { body: { email: 'login1@example.com' } });
    await api.call('POST', '/contacts', { body: { email: 'login2@example.com' } });
    const answer = await api.call('POST', '/login-emails', {
      body: { contacts: ['login1@example.com', 'login2@example.com'], section: 'affiliates' },
    });
    expect(answer.status).toBe(202);
    expect(answer.body.job).toMatchObject({ kind: 'login_email', total: 2 });
    const db = api.app.context.core.db;
    const messages = await waitFor(
      () => db.message.findMany({ where: { bulkJobId: answer.body.job.id } }),
      (m) => m.length === 2,
    );
    expect(messages.every((m) => m.template === 'login' && JSON.parse(m.payload).section === 'affiliates')).toBe(true);
  });

  it('lists with filters: never activated, status, and pages that do not overlap', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.call('GET', `/contacts?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      all.push(...page.body.data.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(
      await api.app.context.core.db.contact.count({ where: { accountId: api.app.context.defaultAccount.id } }),
    );
    const active = await api.call('GET', '/contacts?status=active');
    expect(active.body.data.map((c: { email: string }) => c.email)).toEqual(['link@example.com']);
    const never = await api.call('GET', '/contacts?neverActivated=true&limit=200');
    expect(never.body.data.some((c: { status: string }) => c.status === 'active')).toBe(false);
    expect(never.body.data.length).toBeGreaterThan(0);
  });

  it('reports stats', async () => {
    const { status, body } = await api.call('GET', '/stats?windowDays=30');
    expect(status).toBe(200);
    expect(body.stats).toMatchObject({ active: 1, windowDays: 30, portalUrl: 'http://portal.test/portal' });
    expect(body.stats.invited).toBeGreaterThanOrEqual(150);
  });

  it('reads and switches the access-granted automation', async () => {
    expect((await api.call('GET', '/automation')).body).toEqual({
      automation: { accessGranted: { enabled: false, channels: ['email'] } },
    });
    const on = await api.call('PATCH', '/automation', {
      body: { accessGranted: { enabled: true, channels: ['email', 'sms'] } },
    });
    expect(on.status).toBe(200);
    expect(on.body.automation.accessGranted).toEqual({ enabled: true, channels: ['email', 'sms'] });
    const { body } = await api.call('POST', '/contacts', {
      body: { email: 'buyer@example.com', phone: '+14155550177' },
    });
    await api.call('POST', `/contacts/${body.contact.id}/grants`, {
      body: { kind: 'course', resourceName: 'Masterclass' },
    });
    const messages = await api.app.context.core.db.message.findMany({ where: { contactId: body.contact.id } });
    expect(messages.map((m) => [m.channel, m.template]).sort()).toEqual([
      ['email', 'access_granted'],
      ['sms', 'access_granted'],
    ]);
    const off = await api.call('PATCH', '/automation', { body: { accessGranted: { enabled: false } } });
    expect(off.body.automation.accessGranted).toEqual({ enabled: false, channels: ['email', 'sms'] });
  });
});
