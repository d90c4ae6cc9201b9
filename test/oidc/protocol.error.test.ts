import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { testProviders } from '../support/test-database.ts';
import { PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { revokeApp } from '../../src/core/oidc/revoke-app.ts';
import {
  endProviderSessionsForContact,
  endProviderSessionsOnAccessEnded,
} from '../../src/core/oidc/end-provider-sessions-for-contact.ts';
import {
  client,
  discover,
  follow,
  signInWithLink,
  startAuthorization,
  startLogoutReceiver,
  startProviderApp,
} from './relying-party.ts';

const redirectUri = 'https://courses.example.com/api/auth/callback/portal';

describe.each(testProviders)('OpenID Connect refusals on %s', (provider) => {
  let p: PortalApp;
  let n = 0;
  beforeAll(async () => {
    p = await startProviderApp(provider);
  });
  afterAll(() => p?.close());
  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;
  async function signedInContact(grant?: { kind: string; resourceName?: string }) {
    n += 1;
    const contact = (
      await findOrCreateContact(core(), {
        accountId: accountId(),
        address: `neg${n}@example.com`,
        firstName: 'Neg',
        actor: 'system',
      })
    ).contact;
    if (grant) await grantAccess(core(), { accountId: accountId(), contactId: contact.id, ...grant, actor: 'system' });
    const browser = new PortalBrowser(p.url);
    await signInWithLink(core(), browser, accountId(), contact.id);
    return { contact, browser };
  }
  async function app(extra: Partial<Parameters<typeof createApp>[1]> = {}) {
    n += 1;
    return createApp(core(), {
      accountId: accountId(),
      name: `App ${n}`,
      redirectUris: [redirectUri],
      actor: 'system',
      ...extra,
    });
  }
  async function codeFor(browser: PortalBrowser, config: client.Configuration) {
    const started = await startAuthorization(config, redirectUri);
    const { left } = await follow(browser, started.url);
    expect(left?.searchParams.get('code')).toEqual(expect.any(String));
    return { started, callback: left! };
  }
  /** Signs in through the app and redeems the code, checking PKCE, nonce and state. */
  async function tokensFor(browser: PortalBrowser, config: client.Configuration) {
    const { started, callback } = await codeFor(browser, config);
    return client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
  }

  it('refuses a redirect URI that is not registered exactly, without redirecting anywhere', async () => {
    const { app: registered, clientSecret } = await app();
    const { browser } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    for (const wrong of [
      `${redirectUri}/extra`,
      'https://evil.example.com/api/auth/callback/portal',
      `${redirectUri}?x=1`,
    ]) {
      const started = await startAuthorization(config, wrong);
      const page = await browser.get(started.url.pathname + started.url.search);
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      expect(page.body).toContain('redirect_uri');
    }
  });

  it('a code works once: a reused code is refused and the tokens it gave are revoked', async () => {
    const { app: registered, clientSecret } = await app();
    const { browser } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const { started, callback } = await codeFor(browser, config);
    const checks = { pkceCodeVerifier: started.verifier, expectedNonce: started.nonce, expectedState: started.state };
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    await expect(client.authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // oidc-provider revokes what the code gave when it is replayed (RFC 6749 §4.1.2).
    await expect(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)).rejects.toBeTruthy();
  });

  it('an expired code is refused', async () => {
    const { app: registered, clientSecret } = await app();
    const { browser } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const { started, callback } = await codeFor(browser, config);
    // Codes live 60 seconds; age this one past that in the shared store.
    await core().db.oidcPayload.updateMany({
      where: { model: 'AuthorizationCode' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: started.verifier,
        expectedNonce: started.nonce,
        expectedState: started.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a wrong PKCE verifier is refused; a public app without PKCE is refused at the authorization endpoint', async () => {
    const { app: registered, clientSecret } = await app();
    const { browser } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const { started, callback } = await codeFor(browser, config);
    await expect(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedNonce: started.nonce,
        expectedState: started.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const { app: spa } = await app({ isPublic: true });
    const publicConfig = await discover(p.url, spa.id);
    const noPkce = client.buildAuthorizationUrl(publicConfig, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'abc',
    });
    const { left } = await follow(browser, noPkce);
    expect(left?.searchParams.get('error')).toBe('invalid_request');
    expect(left?.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('a revoked app can neither start a sign-in nor exchange a code or refresh', async () => {
    const { app: registered, clientSecret } = await app({ refreshTokens: true });
    const { browser } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const { started, callback } = await codeFor(browser, config);
    await revokeApp(core(), { accountId: accountId(), app: registered.name, actor: 'system' });
    await expect(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: started.verifier,
        expectedNonce: started.nonce,
        expectedState: started.state,
      }),
    ).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: 'invalid_client' } }],
    });
    const again = await startAuthorization(config, redirectUri);
    const page = await browser.get(again.url.pathname + again.url.search);
    expect(page.status).toBe(400);
    expect(page.body).toContain('client');
  });

  it('a contact without the grant the app requires gets a clear page, not a code', async () => {
    const { app: registered, clientSecret } = await app({ name: 'Courses', requires: 'course:*' });
    const { browser } = await signedInContact({ kind: 'community', resourceName: 'Founders' });
    const config = await discover(p.url, registered.id, clientSecret!);
    const { left, page } = await follow(browser, (await startAuthorization(config, redirectUri)).url);
    expect(left).toBeNull();
    expect(page.status).toBe(403);
    expect(page.body).toContain('You don&#39;t have access to Courses yet');

    const { app: founders, clientSecret: foundersSecret } = await app({ requires: 'community:founders' });
    const ok = await follow(
      browser,
      (await startAuthorization(await discover(p.url, founders.id, foundersSecret!), redirectUri)).url,
    );
    expect(ok.left?.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('not signed in: the portal sign-in page, then back to the app signed in', async () => {
    const { app: registered, clientSecret } = await app();
    n += 1;
    const contact = (
      await findOrCreateContact(core(), { accountId: accountId(), address: `later${n}@example.com`, actor: 'system' })
    ).contact;
    const browser = new PortalBrowser(p.url);
    const config = await discover(p.url, registered.id, clientSecret!);
    const started = await startAuthorization(config, redirectUri);
    const first = await follow(browser, started.url);
    expect(first.page.body).toContain('Sign in');
    // Signs in with an emailed link in the same browser; the portal resumes the app sign-in.
    await signInWithLink(core(), browser, accountId(), contact.id);
    const resumed = await follow(browser, '/portal');
    const tokens = await client.authorizationCodeGrant(config, resumed.left!, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    expect(tokens.claims()!.email).toBe(contact.email);
  });

  it('endProviderSessionsForContact ends sessions, grants and tokens and sends back-channel logout', async () => {
    const receiver = await startLogoutReceiver();
    try {
      const { app: registered, clientSecret } = await app({ backchannelLogoutUri: receiver.url, refreshTokens: true });
      const { browser, contact } = await signedInContact();
      const config = await discover(p.url, registered.id, clientSecret!);
      const tokens = await tokensFor(browser, config);
      const result = await endProviderSessionsForContact(core(), {
        accountId: accountId(),
        contactId: contact.id,
        actor: 'system',
      });
      expect(result).toMatchObject({ notified: 1, failed: 0 });
      expect(result.ended).toBeGreaterThanOrEqual(3);
      expect(receiver.tokens).toHaveLength(1);
      const jwks = createRemoteJWKSet(new URL(`${p.url}/oidc/jwks`));
      const { payload } = await jwtVerify(receiver.tokens[0]!, jwks, {
        issuer: p.app.context.config.publicUrl,
        audience: registered.id,
      });
      expect(payload.sub).toBe(tokens.claims()!.sub);
      expect(payload.sid).toBe(tokens.claims()!.sid);
      await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await expect(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)).rejects.toBeTruthy();
      expect(await core().db.oidcPayload.count({ where: { contactId: contact.id } })).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it("as the contactAccessEnded hook: ends app sign-ins inside the change's transaction, back-channel logout after it", async () => {
    const receiver = await startLogoutReceiver();
    try {
      const { app: registered, clientSecret } = await app({ backchannelLogoutUri: receiver.url, refreshTokens: true });
      const { browser, contact } = await signedInContact();
      const config = await discover(p.url, registered.id, clientSecret!);
      const tokens = await tokensFor(browser, config);
      // What a deactivation does: its own writes and the hook, in one transaction.
      await core().db.$transaction(async (tx) => {
        await tx.contact.update({ where: { id: contact.id }, data: { firstName: 'Gone' } });
        await endProviderSessionsOnAccessEnded(core(), tx, {
          accountId: accountId(),
          contactId: contact.id,
          actor: 'system',
        });
      });
      await expect.poll(() => receiver.tokens.length, { timeout: 10_000 }).toBe(1);
      await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect(
        await core().db.auditEvent.count({ where: { action: 'app_sessions.ended', subject: `contact:${contact.id}` } }),
      ).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('a deactivated contact gets no more tokens and no new sign-in', async () => {
    const { app: registered, clientSecret } = await app({ refreshTokens: true });
    const { browser, contact } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const tokens = await tokensFor(browser, config);
    // The status the lifecycle (issue 12) sets; its hook also ends sessions, which this test does not rely on.
    await core().db.contact.update({ where: { id: contact.id }, data: { status: 'deactivated' } });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)).rejects.toBeTruthy();
    const again = await follow(browser, (await startAuthorization(config, redirectUri)).url);
    expect(again.left).toBeNull();
    expect(again.page.status).toBe(403);
    // The one turned-off page every sign-in path shows (issue 12), not an error page.
    const portalName = p.app.context.defaultAccount.name;
    expect(again.page.body).toContain(
      `Your access to ${portalName} is turned off. Ask ${portalName} to turn it back on.`,
    );
  });

  it('an erased contact gets no more tokens: refresh and userinfo are refused', async () => {
    const { app: registered, clientSecret } = await app({ refreshTokens: true });
    const { browser, contact } = await signedInContact();
    const config = await discover(p.url, registered.id, clientSecret!);
    const tokens = await tokensFor(browser, config);
    await core().db.contact.delete({ where: { id: contact.id } });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)).rejects.toBeTruthy();
  });
});
