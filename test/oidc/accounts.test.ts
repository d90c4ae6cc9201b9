/**
 * Every account's portal is its own OpenID Connect issuer (issue #16): an app
 * of account B signs B's contacts in on B's portal (`PUBLIC_URL/a/beta` here),
 * with B's issuer in discovery and in the ID token, reusing B's portal
 * session, also from an app link; nothing crosses to or from account A (the
 * default account, issuer PUBLIC_URL).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { testProviders } from '../support/test-database.ts';
import { PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { archiveAccount } from '../../src/core/accounts/archive-account.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { setPassword } from '../../src/core/credentials/set-password.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { endProviderSessionsForContact } from '../../src/core/oidc/end-provider-sessions-for-contact.ts';
import {
  client,
  discover,
  follow,
  signInWithLink,
  startAuthorization,
  startLogoutReceiver,
  startProviderApp,
} from './relying-party.ts';

const redirectUri = 'http://127.0.0.1:9/callback';
const password = 'a long and unusual passphrase 42';

describe.each(testProviders)('an OpenID Connect issuer per account on %s', (provider) => {
  let p: PortalApp;
  let n = 0;
  let beta: { id: string };
  beforeAll(async () => {
    p = await startProviderApp(provider);
    beta = await createAccount(p.app.context.core, { slug: 'beta', name: 'Beta School' });
  });
  afterAll(() => p?.close());
  const core = () => p.app.context.core;
  const alpha = () => p.app.context.defaultAccount.id;
  const issuerA = () => p.url;
  const issuerB = () => `${p.url}/a/beta`;
  async function contact(accountId: string) {
    n += 1;
    const address = `ana${n}@example.com`;
    return (await findOrCreateContact(core(), { accountId, address, firstName: 'Ana', actor: 'system' })).contact;
  }
  async function appOf(accountId: string, extra: { loginUrl?: string } = {}) {
    n += 1;
    return createApp(core(), {
      accountId,
      name: `Courses ${n}`,
      redirectUris: [redirectUri],
      actor: 'system',
      ...extra,
    });
  }
  /** Signs in through the app: authorization, the portal's session, code, tokens. */
  async function signInToApp(browser: PortalBrowser, issuer: string, clientId: string, secret: string) {
    const config = await discover(issuer, clientId, secret);
    const started = await startAuthorization(config, redirectUri);
    const { left, page } = await follow(browser, started.url);
    if (!left) return { page };
    const tokens = await client.authorizationCodeGrant(config, left, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    return { config, tokens, page };
  }

  it("publishes B's own discovery: B's issuer, endpoints under B's portal, the shared signing keys", async () => {
    const discovery = (await (await fetch(`${issuerB()}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(discovery.issuer).toBe(issuerB());
    expect(discovery.authorization_endpoint).toBe(`${issuerB()}/oidc/auth`);
    expect(discovery.token_endpoint).toBe(`${issuerB()}/oidc/token`);
    expect(discovery.userinfo_endpoint).toBe(`${issuerB()}/oidc/me`);
    expect(discovery.jwks_uri).toBe(`${issuerB()}/oidc/jwks`);
    const keysOf = async (url: string) => ((await (await fetch(url)).json()) as { keys: unknown[] }).keys;
    expect(await keysOf(discovery.jwks_uri!)).toEqual(await keysOf(`${issuerA()}/oidc/jwks`));
    // A's discovery is unchanged.
    const a = (await (await fetch(`${issuerA()}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(a.issuer).toBe(p.app.context.config.publicUrl);
    expect(a.authorization_endpoint).toBe(`${issuerA()}/oidc/auth`);
  });

  it("signs B's contact in to B's app on B's portal: B's issuer in the ID token, B's portal session reused", async () => {
    const { app, clientSecret } = await appOf(beta.id);
    const ana = await contact(beta.id);
    const browser = new PortalBrowser(p.url);
    await signInWithLink(core(), browser, beta.id, ana.id, '/a/beta');

    const { tokens } = await signInToApp(browser, issuerB(), app.id, clientSecret!);
    const { payload } = await jwtVerify(tokens!.id_token!, createRemoteJWKSet(new URL(`${issuerB()}/oidc/jwks`)), {
      issuer: issuerB(),
      audience: app.id,
    });
    expect(payload.email).toBe(ana.email);
    // B's provider cookies live under B's portal path with names of their own, apart from A's on the same host.
    expect([...browser.cookies.keys()]).toEqual(expect.arrayContaining(['_session-beta', 'pd_session-beta']));
    expect(browser.cookies.has('_session')).toBe(false);

    // B's token is unknown at A's userinfo, known at B's.
    const userinfo = (issuer: string) =>
      fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${tokens!.access_token}` } });
    expect((await userinfo(issuerB())).status).toBe(200);
    const refused = await userinfo(issuerA());
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it("an app link of B's app: redeemed on B's portal, handed to the app, which signs the contact in at B's issuer", async () => {
    const { app, clientSecret } = await appOf(beta.id, { loginUrl: 'http://127.0.0.1:9/login' });
    const ana = await contact(beta.id);
    const link = await createMagicLink(core(), {
      accountId: beta.id,
      contactId: ana.id,
      app: app.id,
      appPath: '/lesson-2',
      actor: 'system',
    });
    expect(link.url).toBe(`${issuerB()}/l/${link.token}`);
    const browser = new PortalBrowser(p.url);
    const path = new URL(link.url).pathname;
    const redeemed = await browser.post(path, {}, await browser.get(path));
    expect(redeemed.status).toBe(303);
    expect(redeemed.location).toBe(`/a/beta/oidc/launch/${app.id}?path=%2Flesson-2`);
    // The launch page hands the browser to the app's login URL with the path it should land on.
    const handed = await follow(browser, redeemed.location!);
    expect(handed.left?.href).toBe('http://127.0.0.1:9/login?callbackUrl=%2Flesson-2');
    // The app's sign-in at B's issuer goes straight through on the session the link started.
    const { tokens } = await signInToApp(browser, issuerB(), app.id, clientSecret!);
    expect(tokens!.claims()!.iss).toBe(issuerB());
    expect(tokens!.claims()!.email).toBe(ana.email);

    // The same app's launch path is not found on A's portal.
    const elsewhere = await browser.get(`/oidc/launch/${app.id}?path=%2Flesson-2`);
    expect(elsewhere.status).toBe(404);
  });

  it("not signed in on B: B's sign-in page, back to B's app; its logout ends B's portal session only, back-channel from B's issuer", async () => {
    const receiver = await startLogoutReceiver();
    try {
      n += 1;
      const { app, clientSecret } = await createApp(core(), {
        accountId: beta.id,
        name: `Forum ${n}`,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'],
        backchannelLogoutUri: receiver.url,
        actor: 'system',
      });
      const ana = await contact(beta.id);
      const browser = new PortalBrowser(p.url);
      // Signed in on A's portal as someone else: nothing B's provider looks at.
      await signInWithLink(core(), browser, alpha(), (await contact(alpha())).id);
      const config = await discover(issuerB(), app.id, clientSecret!);
      const started = await startAuthorization(config, redirectUri);
      const first = await follow(browser, started.url);
      expect(first.left).toBeNull();
      expect(first.page.body).toContain('action="/a/beta/login"');
      // Signs in on B's portal in the same browser; B's portal resumes the app sign-in (a hand-off under /a/beta).
      await signInWithLink(core(), browser, beta.id, ana.id, '/a/beta');
      const handOff = await browser.get('/a/beta/portal');
      expect(handOff.body).toMatch(/content="0;url=\/a\/beta\/oidc\/interaction\/[A-Za-z0-9_-]+"/);
      expect(handOff.body).toContain('href="/a/beta/portal.css"');
      const resumed = await follow(browser, /content="0;url=([^"]+)"/.exec(handOff.body)![1]!);
      const tokens = await client.authorizationCodeGrant(config, resumed.left!, {
        pkceCodeVerifier: started.verifier,
        expectedNonce: started.nonce,
        expectedState: started.state,
      });
      expect(tokens.claims()!.email).toBe(ana.email);

      // Ending the contact's app sign-ins from core: the back-channel token comes from B's issuer.
      const jwks = createRemoteJWKSet(new URL(`${issuerB()}/oidc/jwks`));
      await endProviderSessionsForContact(core(), { accountId: beta.id, contactId: ana.id, actor: 'system' });
      expect(receiver.tokens).toHaveLength(1);
      await jwtVerify(receiver.tokens[0]!, jwks, { issuer: issuerB(), audience: app.id });

      // Signed in again, then out through the app: B's confirmation page, B's portal signed out, A's not.
      const again = await startAuthorization(config, redirectUri);
      const second = await client.authorizationCodeGrant(config, (await follow(browser, again.url)).left!, {
        pkceCodeVerifier: again.verifier,
        expectedNonce: again.nonce,
        expectedState: again.state,
      });
      const endUrl = client.buildEndSessionUrl(config, {
        id_token_hint: second.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
      });
      const confirm = await follow(browser, endUrl);
      expect(confirm.page.body).toContain('Yes, sign me out');
      expect(confirm.page.body).toContain('This signs you out of Beta School');
      expect(confirm.page.body).toContain(`action="${issuerB()}/oidc/session/end/confirm"`);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.page.body)![1]!;
      const done = await browser.request('POST', '/a/beta/oidc/session/end/confirm', { xsrf, logout: 'yes' });
      expect(done.location).toBe('http://127.0.0.1:9/signed-out');
      await expect.poll(() => receiver.tokens.length, { timeout: 10_000 }).toBe(2);
      await jwtVerify(receiver.tokens[1]!, jwks, { issuer: issuerB(), audience: app.id });
      await p.settle();
      expect(await browser.get('/a/beta/portal')).toMatchObject({
        status: 303,
        location: '/a/beta/login?session-ended',
      });
      expect((await browser.get('/portal')).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it("B's client id is unknown at A's issuer, and A's at B's: invalid_client", async () => {
    const b = await appOf(beta.id);
    const a = await appOf(alpha());
    const tokenAt = (issuer: string, clientId: string, secret: string) =>
      fetch(`${issuer}/oidc/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: redirectUri }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { error: string } }));
    expect(await tokenAt(issuerA(), b.app.id, b.clientSecret!)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(await tokenAt(issuerB(), a.app.id, a.clientSecret!)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    // At its own issuer the client is known: only the made-up code is refused.
    expect(await tokenAt(issuerB(), b.app.id, b.clientSecret!)).toMatchObject({ body: { error: 'invalid_grant' } });
    // An authorization request naming B's app at A's issuer goes nowhere.
    const config = await discover(issuerB(), b.app.id, b.clientSecret!);
    const started = await startAuthorization(config, redirectUri);
    const atA = new URL(started.url.pathname.replace('/a/beta', '') + started.url.search, p.url);
    const { left, page } = await follow(new PortalBrowser(p.url), atA);
    expect(left).toBeNull();
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in could not continue');
  });

  it("A's contact, signed in on A's portal, is not signed in to B's app: B's sign-in page, where A's password is unknown", async () => {
    const { app, clientSecret } = await appOf(beta.id);
    const ana = await contact(alpha());
    await setPassword(core(), { accountId: alpha(), contactId: ana.id, password });
    const browser = new PortalBrowser(p.url);
    await signInWithLink(core(), browser, alpha(), ana.id);

    const { tokens, page } = await signInToApp(browser, issuerB(), app.id, clientSecret!);
    expect(tokens).toBeUndefined();
    expect(page.status).toBe(200);
    expect(page.body).toContain('Beta School');
    expect(page.body).toContain('action="/a/beta/login"');
    const tryPassword = async (email: string) => {
      const form = await browser.get('/a/beta/login');
      const answer = await browser.post('/a/beta/login', { email, password }, form);
      return { status: answer.status, body: answer.body.replace(/name="csrf" value="[^"]+"/, '').replace(email, '') };
    };
    const known = await tryPassword(ana.email!);
    const unknown = await tryPassword(`nobody${n}@example.com`);
    expect(known).toEqual(unknown);
    expect(known.status).toBe(401);
  });
  it("an archived account's issuer is closed: its app's tokens stop working with it", async () => {
    n += 1;
    const slug = `gamma${n}`;
    const gamma = await createAccount(core(), { slug, name: 'Gamma School' });
    const issuer = `${p.url}/a/${slug}`;
    const { app, clientSecret } = await appOf(gamma.id);
    const ana = await contact(gamma.id);
    const browser = new PortalBrowser(p.url);
    await signInWithLink(core(), browser, gamma.id, ana.id, `/a/${slug}`);
    const { tokens } = await signInToApp(browser, issuer, app.id, clientSecret!);
    const userinfo = () => fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${tokens!.access_token}` } });
    expect((await userinfo()).status).toBe(200);
    await archiveAccount(core(), { slug, actor: 'system' });
    // The account lookup is cached for about 2 seconds (account-lookup.ts).
    await expect.poll(async () => (await userinfo()).status, { timeout: 10_000, interval: 500 }).toBe(410);
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(410);
    expect(await discovery.text()).toContain('This portal is closed');
  });
});

/** A GET with the Host header of a portal's own address (fetch cannot set it). */
function getOnHost(url: string, host: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: target.hostname, port: target.port, path: target.pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('an account served on its own host (PORTAL_BASE_DOMAIN) is its own issuer there', () => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startProviderApp('sqlite', { PORTAL_BASE_DOMAIN: 'portals.test' });
    await createAccount(p.app.context.core, { slug: 'beta', name: 'Beta School' });
  });
  afterAll(() => p?.close());

  it("answers discovery on beta's host with beta's issuer; an unknown host has no provider", async () => {
    const port = new URL(p.url).port;
    const beta = `http://beta.portals.test:${port}`;
    const found = await getOnHost(`${p.url}/.well-known/openid-configuration`, `beta.portals.test:${port}`);
    expect(found.status).toBe(200);
    const discovery = JSON.parse(found.body) as Record<string, string>;
    expect(discovery.issuer).toBe(beta);
    expect(discovery.authorization_endpoint).toBe(`${beta}/oidc/auth`);
    expect(discovery.jwks_uri).toBe(`${beta}/oidc/jwks`);
    // PUBLIC_URL's host is still the default account's issuer.
    const own = (await (await fetch(`${p.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(own.issuer).toBe(p.url);
    const nowhere = await getOnHost(`${p.url}/.well-known/openid-configuration`, 'nowhere.example');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toContain('There is no portal here');
    // The prefix is not beta's address any more: discovery there moves to beta's host.
    const moved = await fetch(`${p.url}/a/beta/.well-known/openid-configuration`, { redirect: 'manual' });
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`${beta}/.well-known/openid-configuration`);
  });
});
