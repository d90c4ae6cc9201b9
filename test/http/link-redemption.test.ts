import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { testProviders } from '../support/test-database.ts';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { listAuditEvents } from '../../src/core/audit/list-audit-events.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { sha256 } from '../../src/core/shared/secret-hash.ts';
import { rateLimitFileOf } from '../../src/http/rate-limit-store.ts';

describe.each(testProviders)('link redemption over HTTP on %s', (provider) => {
  let p: PortalApp;
  let n = 0;
  beforeAll(async () => {
    p = await startPortalApp(provider);
  });
  afterAll(() => p?.close());

  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;
  async function contact(prefix = 'person') {
    n += 1;
    return (
      await findOrCreateContact(core(), {
        accountId: accountId(),
        address: `${prefix}${n}@example.com`,
        firstName: 'Alex',
        actor: 'system',
      })
    ).contact;
  }
  async function link(
    contactId: string,
    options: { section?: 'portal' | 'courses' | 'communities' | 'affiliates'; resourceName?: string } = {},
  ) {
    return createMagicLink(core(), {
      accountId: accountId(),
      contactId,
      actor: 'slack:U1',
      sentVia: 'email',
      ...options,
    });
  }
  const row = (id: string) => core().db.loginToken.findUniqueOrThrow({ where: { id } });

  it('GET shows one button and changes nothing; POST signs in and lands on the section', async () => {
    const c = await contact('reader');
    await grantAccess(core(), {
      accountId: accountId(),
      contactId: c.id,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'slack:U1',
    });
    const l = await link(c.id, { section: 'courses', resourceName: 'Intro to SEO' });
    const browser = new PortalBrowser(p.url);
    const page = await browser.get(`/l/${l.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Continue to Acme Academy as r…@example.com`);
    expect(page.body).not.toContain(c.email!);
    expect(page.body).not.toMatch(/<script|style=|onload|http-equiv="refresh"/i);
    expect(page.body.match(/<button/g)).toHaveLength(1);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/default-src 'none'/);
    const seen = await row(l.id);
    expect(seen.usedAt).toBeNull();
    expect(seen.firstSeenAt).not.toBeNull();

    const done = await browser.post(`/l/${l.token}`, {}, page);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/portal/courses/intro-to-seo');
    const cookie = done.headers.getSetCookie().find((line) => line.startsWith('pd_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    const sessionId = browser.cookies.get('pd_session')!;
    const session = await core().db.session.findFirstOrThrow({ where: { contactId: c.id } });
    expect(session.idHash).toBe(sha256(sessionId));
    expect(JSON.stringify(session)).not.toContain(sessionId);
    const landed = await browser.get(done.location!);
    expect(landed.status).toBe(200);
    expect(landed.body).toContain('Intro to SEO');
    expect((await row(l.id)).usedAt).not.toBeNull();
    const courses = await browser.get('/portal/courses');
    expect(courses.body).toContain('href="/portal/courses/intro-to-seo"');
    const contactRow = await core().db.contact.findUniqueOrThrow({ where: { id: c.id } });
    expect(contactRow.status).toBe('active');
  });

  it('refuses a POST without the CSRF value, with a foreign one or from another site, and the link stays usable', async () => {
    const c = await contact();
    const l = await link(c.id);
    const victim = new PortalBrowser(p.url);
    const page = await victim.get(`/l/${l.token}`);
    expect((await victim.post(`/l/${l.token}`, {})).status).toBe(403);
    const attacker = new PortalBrowser(p.url);
    const attackerPage = await attacker.get('/login');
    expect((await victim.post(`/l/${l.token}`, {}, attackerPage)).status).toBe(403);
    expect((await victim.post(`/l/${l.token}`, {}, page, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await victim.post(`/l/${l.token}`, {}, page, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await row(l.id)).usedAt).toBeNull();
    expect((await victim.post(`/l/${l.token}`, {}, page)).status).toBe(303);
  });

  it('answers a used link with 410 and a one-click new link that never shows the address in full', async () => {
    const c = await contact('used');
    const l = await link(c.id, { section: 'communities' });
    const first = new PortalBrowser(p.url);
    expect((await first.post(`/l/${l.token}`, {}, await first.get(`/l/${l.token}`))).status).toBe(303);
    const second = new PortalBrowser(p.url);
    const page = await second.get(`/l/${l.token}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain('already been used');
    expect(page.body).toContain('Send me a new link');
    expect(page.body).toContain('u…@example.com');
    expect(page.body).not.toContain(c.email!);
    const again = await second.post(`/l/${l.token}`, {}, page);
    expect(again.status).toBe(410);

    const before = await core().db.message.count({ where: { contactId: c.id } });
    const renewed = await second.post(`/l/${l.token}/renew`, {}, page);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toContain('We sent a new sign-in link to u…@example.com');
    expect(renewed.body).not.toContain(c.email!);
    const messages = await core().db.message.findMany({ where: { contactId: c.id }, orderBy: { createdAt: 'desc' } });
    expect(messages).toHaveLength(before + 1);
    expect(messages[0]!.template).toBe('login');
    const payload = JSON.parse(messages[0]!.payload) as { linkId: string; section: string };
    expect(payload.section).toBe('communities');
    // The fresh link from the message works and lands on the same section.
    const fresh = linkToken(core().linkKey, payload.linkId);
    const third = new PortalBrowser(p.url);
    const redeemed = await third.post(`/l/${fresh}`, {}, await third.get(`/l/${fresh}`));
    expect(redeemed.location).toBe('/portal/communities');
  });

  it('tells expired and replaced links apart, each with its own 410 page', async () => {
    const c = await contact();
    const old = await link(c.id);
    await core().db.loginToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const browser = new PortalBrowser(p.url);
    const expired = await browser.get(`/l/${old.token}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect((await browser.post(`/l/${old.token}`, {}, expired)).status).toBe(410);

    const older = await link(c.id);
    await link(c.id);
    const replaced = await browser.get(`/l/${older.token}`);
    expect(replaced.status).toBe(410);
    expect(replaced.body).toContain('replaced by a newer one');
    const posted = await browser.post(`/l/${older.token}`, {}, replaced);
    expect(posted.status).toBe(410);
    expect(posted.body).toContain('replaced by a newer one');
  });

  it('answers unknown, malformed and oversized tokens with 404 and never logs them', async () => {
    const browser = new PortalBrowser(p.url);
    const unknown = 'Q'.repeat(43);
    const malformed = ['abc', "x'%3B--", '%00%00', 'A'.repeat(44)];
    const oversized = 'B'.repeat(6000);
    for (const token of [unknown, ...malformed, oversized]) {
      const page = await browser.get(`/l/${token}`);
      expect(page.status, token.slice(0, 20)).toBe(404);
      expect(page.body).toContain('This link does not work');
    }
    const login = await browser.get('/login');
    expect((await browser.post(`/l/${unknown}`, {}, login)).status).toBe(404);
    expect((await browser.post(`/l/${oversized}`, {}, login)).status).toBe(404);
    expect((await browser.post(`/l/${unknown}/renew`, {}, login)).status).toBe(404);
    expect(p.logLines.join('\n')).not.toContain(unknown);
  });

  it('lets exactly one of many concurrent redemptions win', async () => {
    const c = await contact();
    const l = await link(c.id, { section: 'affiliates' });
    const browsers = Array.from({ length: 12 }, () => new PortalBrowser(p.url));
    const pages = await Promise.all(browsers.map((b) => b.get(`/l/${l.token}`)));
    const results = await Promise.all(browsers.map((b, i) => b.post(`/l/${l.token}`, {}, pages[i])));
    expect(results.filter((r) => r.status === 303).map((r) => r.location)).toEqual(['/portal/affiliates']);
    expect(results.filter((r) => r.status === 410)).toHaveLength(11);
    expect(await core().db.session.count({ where: { contactId: c.id } })).toBe(1);
  });

  it('signs every browser of a concurrent crowd in as its own contact, whatever batch its click went into', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const person = (
          await findOrCreateContact(core(), {
            accountId: accountId(),
            address: `crowd${i}@example.com`,
            firstName: `Crowd${i}`,
            actor: 'system',
          })
        ).contact;
        const browser = new PortalBrowser(p.url);
        const l = await link(person.id);
        return { person, browser, token: l.token, page: await browser.get(`/l/${l.token}`) };
      }),
    );
    const answers = await Promise.all(crowd.map((c) => c.browser.post(`/l/${c.token}`, {}, c.page)));
    expect(answers.map((a) => a.status)).toEqual(crowd.map(() => 303));
    for (const c of crowd) {
      const home = await c.browser.get('/portal');
      expect(home.status).toBe(200);
      expect(home.body).toContain(`Crowd${crowd.indexOf(c)}`);
      expect(home.body).not.toMatch(new RegExp(`Crowd(?!${crowd.indexOf(c)}\\b)\\d+`));
    }
    const sessions = await core().db.session.groupBy({
      by: ['contactId'],
      where: { contactId: { in: crowd.map((c) => c.person.id) } },
      _count: { _all: true },
    });
    expect(sessions.map((s) => s._count._all)).toEqual(crowd.map(() => 1));
  });

  it('notes scanner-looking visits (HEAD, scanner agents, too soon after sending) and leaves the link usable', async () => {
    const c = await contact('scanned');
    const { queued } = await queueLoginEmails(core(), { accountId: accountId(), contacts: [c.id], actor: 'slack:U1' });
    const message = await core().db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    const linkId = (JSON.parse(message.payload) as { linkId: string }).linkId;
    const token = linkToken(core().linkKey, linkId);
    await core().db.message.update({ where: { id: message.id }, data: { sentAt: new Date() } });

    const head = await new PortalBrowser(p.url).request('HEAD', `/l/${token}`);
    expect(head.status).toBe(200);
    expect(
      (await new PortalBrowser(p.url, 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)').get(`/l/${token}`)).status,
    ).toBe(200);
    expect(
      (await new PortalBrowser(p.url, 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)').get(`/l/${token}`))
        .status,
    ).toBe(200);
    expect((await row(linkId)).usedAt).toBeNull();

    const events = await listAuditEvents(core(), { accountId: accountId(), subjects: [`contact:${c.id}`], limit: 50 });
    const scans = events.filter((e) => e.action === 'link.scanned');
    expect(scans).toHaveLength(3);
    for (const scan of scans)
      expect(scan.metadata).toMatchObject({ linkId, signs: expect.arrayContaining(['too_soon_after_sending']) });
    expect(scans.some((s) => (s.metadata.signs as string[]).includes('head_request'))).toBe(true);
    expect(scans.filter((s) => (s.metadata.signs as string[]).includes('scanner_user_agent'))).toHaveLength(2);
    expect(JSON.stringify(scans)).not.toContain(token);

    const person = new PortalBrowser(p.url);
    const done = await person.post(`/l/${token}`, {}, await person.get(`/l/${token}`));
    expect(done.status).toBe(303);
    expect(done.location).toBe('/portal');
  });

  it('shows the reset form for a reset link at /l/:token and does not sign in with it', async () => {
    const c = await contact();
    const l = await createMagicLink(core(), {
      accountId: accountId(),
      contactId: c.id,
      purpose: 'reset',
      actor: 'system',
    });
    const browser = new PortalBrowser(p.url);
    const page = await browser.get(`/l/${l.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Choose a new password');
    expect(page.body).toContain('action="/reset-password"');
    expect((await browser.post(`/l/${l.token}`, {}, page)).status).toBe(404);
    expect((await row(l.id)).usedAt).toBeNull();
  });
});

describe('link rate limits', () => {
  let p: PortalApp;
  beforeAll(async () => {
    // 60 a minute * 0.05 = 3 link requests a minute per IP.
    p = await startPortalApp('sqlite', { RATE_LIMIT_SCALE: '0.05' });
  });
  afterAll(() => p?.close());

  it("answers the request over the limit with a 429 page and Retry-After, counted in the database's companion file", async () => {
    const browser = new PortalBrowser(p.url);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.get(`/l/${'C'.repeat(43)}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await browser.get(`/l/${'C'.repeat(43)}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toContain('Acme Academy');
    const companion = new BetterSqlite3(rateLimitFileOf(p.app.context.config.databaseUrl), { readonly: true });
    try {
      expect(companion.prepare("SELECT points FROM rate_limits WHERE key LIKE 'pd_linkPerIp:%'").get()).toEqual({
        points: 5,
      });
    } finally {
      companion.close();
    }
  });
});

describe('new-link rate limit at scale 1', () => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp('sqlite', { RATE_LIMIT_SCALE: '1' });
  });
  afterAll(() => p?.close());

  it('sends one new link a minute per contact, whichever browser asks', async () => {
    const core = p.app.context.core;
    const accountId = p.app.context.defaultAccount.id;
    const c = (await findOrCreateContact(core, { accountId, address: 'often@example.com', actor: 'system' })).contact;
    const l = await createMagicLink(core, { accountId, contactId: c.id, actor: 'system' });
    await core.db.loginToken.update({ where: { id: l.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const one = new PortalBrowser(p.url);
    expect((await one.post(`/l/${l.token}/renew`, {}, await one.get(`/l/${l.token}`))).status).toBe(200);
    const other = new PortalBrowser(p.url);
    const tooSoon = await other.post(`/l/${l.token}/renew`, {}, await other.get(`/l/${l.token}`));
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(tooSoon.body).toContain('Too many tries');
    expect(await core.db.message.count({ where: { contactId: c.id } })).toBe(1);
  });
});
