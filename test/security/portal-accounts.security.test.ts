/**
 * One portal per account (issue #16), served here under the `/a/<slug>` fallback: a link, code, reset link,
 * password, Google sign-in or session of account A never works on account B's portal, and each failure
 * reads exactly like an unknown link or wrong credentials. The same address exists in both accounts, so
 * a portal that looked a contact up by address alone would let A's credentials in on B.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startPortalApp, PortalBrowser, type PageResponse, type PortalApp } from '../support/portal-app.ts';
import { startFakeGoogle, type FakeGoogle } from '../support/fake-google.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { archiveAccount } from '../../src/core/accounts/archive-account.ts';
import { setAccountDomain } from '../../src/core/accounts/set-account-domain.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { setPassword } from '../../src/core/credentials/set-password.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';

const clientId = 'two-portals.apps.googleusercontent.com';
const password = 'correct horse battery staple';

/** A page's markup without what differs between two answers of one kind (CSRF values). */
const steady = (page: PageResponse) => page.body.replace(/name="csrf" value="[^"]+"/g, 'name="csrf" value=""');

describe.each(testProviders)('portals of two accounts, on %s', (provider) => {
  let p: PortalApp;
  let google: FakeGoogle;
  let acme: Account;
  let beta: Account;
  let anaOfAcme: string;
  beforeAll(async () => {
    google = await startFakeGoogle(clientId);
    p = await startPortalApp(provider, {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_JWKS_URL: google.jwksUrl,
      GOOGLE_AUTH_URL: google.authUrl,
      PUBLIC_URL: 'http://desk.test',
      PORTAL_NAME: 'Desk Default',
    });
    const { core } = p.app.context;
    acme = await createAccount(core, { slug: 'acme', name: 'Acme Academy' });
    beta = await createAccount(core, { slug: 'beta', name: 'Beta School' });
    // Ana is a contact of both portals: a password on Acme's, none on Beta's.
    anaOfAcme = (await findOrCreateContact(core, { accountId: acme.id, address: 'ana@example.com', actor: 'system' }))
      .contact.id;
    await findOrCreateContact(core, { accountId: beta.id, address: 'ana@example.com', actor: 'system' });
    await setPassword(core, { accountId: acme.id, contactId: anaOfAcme, password });
  });
  afterAll(async () => {
    await p?.close();
    await google?.close();
  });

  const link = (purpose: 'login' | 'reset' = 'login') =>
    createMagicLink(p.app.context.core, { accountId: acme.id, contactId: anaOfAcme, purpose, actor: 'system' });
  const portalOf = (slug: string) => new PortalBrowser(`${p.url}/a/${slug}`);

  it("serves each account's portal under /a/<slug>: its name, and every link, form and redirect under the prefix", async () => {
    const browser = portalOf('acme');
    const door = await browser.get('');
    expect(door).toMatchObject({ status: 303, location: '/a/acme/login' });
    const login = await browser.get('/login');
    expect(login.status).toBe(200);
    expect(login.body).toContain('<title>Sign in · Acme Academy</title>');
    expect(login.body).toContain('action="/a/acme/login"');
    expect(login.body).toContain('formaction="/a/acme/login/email-code"');
    expect(login.body).toContain('href="/a/acme/forgot-password"');
    expect(login.body).toContain('href="/a/acme/portal.css"');
    expect(login.body).not.toMatch(/(href|action)="\/(?!a\/acme\/)/);
    expect((await browser.get('/portal.css')).status).toBe(200);
    expect((await portalOf('beta').get('/login')).body).toContain('<title>Sign in · Beta School</title>');
    expect((await new PortalBrowser(p.url).get('/login')).body).toContain('<title>Sign in · Desk Default</title>');

    const made = await link();
    expect(made.url).toBe(`http://desk.test/a/acme/l/${made.token}`);
    const shown = await browser.get(`/l/${made.token}`);
    expect(shown.body).toContain('Continue to Acme Academy as');
    expect(shown.body).toContain(`action="/a/acme/l/${made.token}"`);
    const redeemed = await browser.post(`/l/${made.token}`, {}, shown);
    expect(redeemed).toMatchObject({ status: 303, location: '/a/acme/portal' });
    const cookie = redeemed.headers.getSetCookie().find((line) => line.startsWith('pd_session-acme='))!;
    expect(cookie).toMatch(/; Path=\/a\/acme; HttpOnly/);
    const portal = await browser.get('/portal');
    expect(portal.status).toBe(200);
    expect(portal.body).toContain('action="/a/acme/logout"');
    const out = await browser.post('/logout', {}, portal);
    expect(out).toMatchObject({ status: 303, location: '/a/acme/login?signed-out' });
    expect(await browser.get('/portal')).toMatchObject({ status: 303, location: '/a/acme/login?session-ended' });
  });

  it('answers an unknown slug or host with "no portal here", showing no other portal', async () => {
    const unknown = await portalOf('nope').get('/login');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('There is no portal here');
    expect(unknown.body).not.toMatch(/Acme Academy|Beta School|Desk Default/);
    const byHost = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${p.url}/login`);
      request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'nowhere.example' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(byHost.status).toBe(404);
    expect(byHost.body).toContain('There is no portal here');
    // Not a portal path: the rest of the service still answers on any host.
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
  });

  it("refuses A's sign-in link on B's portal exactly like a link that never existed, and leaves it working on A", async () => {
    const made = await link();
    const onBeta = portalOf('beta');
    const neverExisted = await onBeta.get(`/l/${'x'.repeat(43)}`);
    const shown = await onBeta.get(`/l/${made.token}`);
    expect(shown.status).toBe(404);
    expect(steady(shown)).toBe(steady(neverExisted));
    const login = await onBeta.get('/login');
    const posted = await onBeta.post(`/l/${made.token}`, {}, login);
    const postedUnknown = await onBeta.post(`/l/${'x'.repeat(43)}`, {}, login);
    expect(posted.status).toBe(404);
    expect(steady(posted)).toBe(steady(postedUnknown));
    expect(onBeta.cookies.has('pd_session-beta')).toBe(false);
    // Also on the default account's portal at the root.
    expect((await new PortalBrowser(p.url).get(`/l/${made.token}`)).status).toBe(404);
    // A spent link of A is no "already used" page on B either (that would tell it exists).
    const onAcme = portalOf('acme');
    await onAcme.post(`/l/${made.token}`, {}, await onAcme.get(`/l/${made.token}`));
    expect((await onAcme.get(`/l/${made.token}`)).status).toBe(410);
    expect(steady(await onBeta.get(`/l/${made.token}`))).toBe(steady(neverExisted));
  });

  it("refuses A's reset link on B like an unknown one, and A's password stays", async () => {
    const made = await link('reset');
    const onBeta = portalOf('beta');
    const unknown = await onBeta.get(`/reset-password?token=${'y'.repeat(43)}`);
    const shown = await onBeta.get(`/reset-password?token=${made.token}`);
    expect(shown.status).toBe(404);
    expect(steady(shown)).toBe(steady(unknown));
    const posted = await onBeta.post(
      '/reset-password',
      { token: made.token, password: 'a brand new passphrase' },
      await onBeta.get('/login'),
    );
    expect(posted.status).toBe(404);
    const acmeLogin = portalOf('acme');
    const signedIn = await acmeLogin.post(
      '/login',
      { email: 'ana@example.com', password },
      await acmeLogin.get('/login'),
    );
    expect(signedIn).toMatchObject({ status: 303, location: '/a/acme/portal' });
  });

  it("refuses A's password on B with the wrong-password answer", async () => {
    const onBeta = portalOf('beta');
    const page = await onBeta.get('/login');
    const withAcmePassword = await onBeta.post('/login', { email: 'ana@example.com', password }, page);
    const wrong = await onBeta.post('/login', { email: 'ana@example.com', password: 'not the password at all' }, page);
    expect(withAcmePassword.status).toBe(401);
    expect(withAcmePassword.body).toContain('That email and password do not match.');
    expect(steady(withAcmePassword)).toBe(steady(wrong));
    expect(onBeta.cookies.has('pd_session-beta')).toBe(false);
  });

  it("refuses A's 6-digit code on B with the wrong-code answer, and it still works on A", async () => {
    const made = await link();
    const onBeta = portalOf('beta');
    const page = await onBeta.get('/login/code');
    const wrongDigits = String((Number(made.code) + 1) % 1_000_000).padStart(6, '0');
    const withAcmeCode = await onBeta.post('/login/code', { address: 'ana@example.com', code: made.code }, page);
    const wrong = await onBeta.post('/login/code', { address: 'ana@example.com', code: wrongDigits }, page);
    expect(withAcmeCode.status).toBe(401);
    expect(withAcmeCode.body).toContain('That code did not work.');
    expect(steady(withAcmeCode)).toBe(steady(wrong));
    const onAcme = portalOf('acme');
    const used = await onAcme.post(
      '/login/code',
      { address: 'ana@example.com', code: made.code },
      await onAcme.get('/login/code'),
    );
    expect(used).toMatchObject({ status: 303, location: '/a/acme/portal' });
  });

  it("refuses a Google account known only to A on B like an unknown one, and returns to B's own callback", async () => {
    const { core } = p.app.context;
    await findOrCreateContact(core, { accountId: acme.id, address: 'gina@example.com', actor: 'system' });
    const signIn = async (email: string) => {
      const onBeta = portalOf('beta');
      const started = await onBeta.get('/auth/google');
      const url = new URL(started.location!);
      expect(url.searchParams.get('redirect_uri')).toBe('http://desk.test/a/beta/auth/google/callback');
      const idToken = await google.signIdToken({
        sub: `sub-${email}`,
        email,
        email_verified: true,
        nonce: url.searchParams.get('nonce')!,
      });
      const done = await onBeta.post('/auth/google/callback', {
        id_token: idToken,
        state: url.searchParams.get('state')!,
      });
      return { done, signedIn: onBeta.cookies.has('pd_session-beta') };
    };
    const ofAcme = await signIn('gina@example.com');
    const stranger = await signIn('stranger@example.com');
    expect(ofAcme.done.status).toBe(401);
    expect(ofAcme.done.body).toContain('There is no portal account for this Google account.');
    expect(steady(ofAcme.done)).toBe(steady(stranger.done));
    expect(ofAcme.signedIn).toBe(false);
    const row = await core.db.contact.findFirstOrThrow({ where: { accountId: acme.id, email: 'gina@example.com' } });
    expect(row.googleSubject).toBeNull();
  });

  it("does not take A's session on B, even under B's cookie name: not signed in", async () => {
    const onAcme = portalOf('acme');
    const made = await link();
    await onAcme.post(`/l/${made.token}`, {}, await onAcme.get(`/l/${made.token}`));
    const session = onAcme.cookies.get('pd_session-acme')!;
    expect((await onAcme.get('/portal')).status).toBe(200);
    const onBeta = portalOf('beta');
    onBeta.cookies.set('pd_session-beta', session);
    expect(await onBeta.get('/portal')).toMatchObject({ status: 303, location: '/a/beta/login?session-ended' });
    const atRoot = new PortalBrowser(p.url);
    atRoot.cookies.set('pd_session', session);
    expect(await atRoot.get('/portal')).toMatchObject({ status: 303, location: '/login?session-ended' });
    // A's portal cookie is not even read on B: a different name, and Path=/a/acme keeps browsers from sending it.
    onBeta.cookies.set('pd_session-acme', session);
    expect((await onBeta.get('/portal')).status).toBe(303);
    expect((await onAcme.get('/portal')).status).toBe(200);
  });

  it("refuses A's form token on B, even with A's CSRF cookie renamed to B's", async () => {
    const onAcme = portalOf('acme');
    const acmeLogin = await onAcme.get('/login');
    const onBeta = portalOf('beta');
    onBeta.cookies.set('pd_csrf-beta', onAcme.cookies.get('pd_csrf-acme')!);
    const posted = await onBeta.post('/login', { email: 'ana@example.com', password }, acmeLogin);
    expect(posted.status).toBe(403);
    expect(posted.body).toContain('Please try that again');
  });

  it('closes an archived portal on every page, links included; sends a moved portal to its domain', async () => {
    const { core } = p.app.context;
    const gone = await createAccount(core, { slug: 'gone', name: 'Gone Guild' });
    const guy = (await findOrCreateContact(core, { accountId: gone.id, address: 'guy@example.com', actor: 'system' }))
      .contact.id;
    const made = await createMagicLink(core, { accountId: gone.id, contactId: guy, actor: 'system' });
    await archiveAccount(core, { slug: 'gone', actor: 'system' });
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the account lookup is cached for 2 seconds
    const onGone = portalOf('gone');
    for (const path of ['/login', `/l/${made.token}`, '/portal']) {
      const page = await onGone.get(path);
      expect(page.status).toBe(410);
      expect(page.body).toContain('This portal is closed');
      expect(page.body).toContain('Gone Guild no longer signs anyone in here.');
    }
    await setAccountDomain(core, { slug: 'beta', domain: 'learn.beta.test', actor: 'system' });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const moved = await portalOf('beta').get('/login?signed-out');
    expect(moved).toMatchObject({ status: 308, location: 'http://learn.beta.test/login?signed-out' });
    const posted = await portalOf('beta').post('/login', { email: 'ana@example.com', password });
    expect(posted.status).toBe(404);
    await setAccountDomain(core, { slug: 'beta', domain: null, actor: 'system' });
  });
});
