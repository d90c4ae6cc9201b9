import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { testProviders } from '../support/test-database.ts';
import { PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { revokeAccess } from '../../src/core/access/revoke-access.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import {
  client,
  startProviderApp,
  discover,
  follow,
  signInWithLink,
  startAuthorization,
  startLogoutReceiver,
} from './relying-party.ts';

const redirectUri = 'http://127.0.0.1:9/api/auth/callback/portal';

describe.each(testProviders)('Portal Desk as an OpenID Connect provider on %s', (provider) => {
  let p: PortalApp;
  let n = 0;
  beforeAll(async () => {
    p = await startProviderApp(provider);
  });
  afterAll(() => p?.close());
  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;
  async function contact(firstName = 'Ana') {
    n += 1;
    return (
      await findOrCreateContact(core(), {
        accountId: accountId(),
        address: `ana${n}@example.com`,
        firstName,
        actor: 'system',
      })
    ).contact;
  }

  it('publishes discovery and a JWKS with a key id', async () => {
    const discovery = (await (await fetch(`${p.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.issuer).toBe(p.app.context.config.publicUrl);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'phone', 'profile', 'portal']),
    );
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
    expect(discovery.backchannel_logout_supported).toBe(true);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]!.kid).toEqual(expect.any(String));
    // Only public parts are published.
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it('signs a contact in with code + PKCE: verified ID token, userinfo with portal_access, rotating refresh, logout with back-channel', async () => {
    const receiver = await startLogoutReceiver();
    try {
      const { app, clientSecret } = await createApp(core(), {
        accountId: accountId(),
        name: `Courses ${n}`,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'],
        backchannelLogoutUri: receiver.url,
        refreshTokens: true,
        requires: 'course:*',
        actor: 'system',
      });
      expect(clientSecret).toMatch(/^pds_/);
      const ana = await contact();
      await grantAccess(core(), {
        accountId: accountId(),
        contactId: ana.id,
        kind: 'course',
        resourceName: 'Intro to SEO',
        actor: 'system',
      });
      const browser = new PortalBrowser(p.url);
      await signInWithLink(core(), browser, accountId(), ana.id);

      const config = await discover(p.url, app.id, clientSecret!);
      const started = await startAuthorization(config, redirectUri);
      const { left } = await follow(browser, started.url);
      expect(left?.origin + left!.pathname).toBe(redirectUri);
      const tokens = await client.authorizationCodeGrant(config, left!, {
        pkceCodeVerifier: started.verifier,
        expectedNonce: started.nonce,
        expectedState: started.state,
      });

      // The ID token, checked independently against the published JWKS.
      const jwks = createRemoteJWKSet(new URL(`${p.url}/oidc/jwks`));
      const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, {
        issuer: p.app.context.config.publicUrl,
        audience: app.id,
      });
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(payload.nonce).toBe(started.nonce);
      expect(payload.exp! * 1000).toBeGreaterThan(Date.now());
      // Pairwise by default: not the contact id.
      expect(payload.sub).not.toBe(ana.id);
      expect(payload.email).toBe(ana.email);
      expect(payload.portal_access).toEqual([
        { kind: 'course', resource_name: 'Intro to SEO', resource_id: 'intro-to-seo' },
      ]);
      expect(typeof payload.sid).toBe('string');

      const info = await client.fetchUserInfo(config, tokens.access_token, payload.sub!);
      expect(info).toMatchObject({
        email: ana.email,
        email_verified: true,
        name: 'Ana',
        portal_access: [{ kind: 'course', resource_name: 'Intro to SEO' }],
      });

      // Refresh rotates: the new refresh token works, the old one no longer does.
      expect(tokens.refresh_token).toEqual(expect.any(String));
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(decodeJwt(refreshed.id_token!).sub).toBe(payload.sub);
      await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });

      // RP-initiated logout: a confirmation page, then back-channel logout to the app and back to its page.
      const endUrl = client.buildEndSessionUrl(config, {
        id_token_hint: refreshed.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
      });
      const confirm = await follow(browser, endUrl);
      expect(confirm.page.body).toContain('Yes, sign me out');
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.page.body)![1]!;
      const done = await browser.request('POST', '/oidc/session/end/confirm', { xsrf, logout: 'yes' });
      expect(done.location).toBe('http://127.0.0.1:9/signed-out');
      await expect.poll(() => receiver.tokens.length, { timeout: 10_000 }).toBe(1);
      const logoutToken = await jwtVerify(receiver.tokens[0]!, jwks, {
        issuer: p.app.context.config.publicUrl,
        audience: app.id,
      });
      expect(logoutToken.payload.sub).toBe(payload.sub);
      expect(logoutToken.payload.sid).toBe(payload.sid);
      expect(logoutToken.payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
      // Signed out of the portal too: the next app sign-in asks who you are.
      await p.settle();
      const again = await follow(browser, (await startAuthorization(config, redirectUri)).url);
      expect(again.left).toBeNull();
      expect(again.page.body).toContain('Sign in');
    } finally {
      await receiver.close();
    }
  });

  it('a revoked grant is missing from the next token and userinfo; public clients use PKCE and client_secret_post works', async () => {
    const publicApp = (
      await createApp(core(), {
        accountId: accountId(),
        name: `Forum ${n}`,
        redirectUris: [redirectUri],
        isPublic: true,
        subjectType: 'public',
        actor: 'system',
      })
    ).app;
    const ana = await contact('Bea');
    await grantAccess(core(), {
      accountId: accountId(),
      contactId: ana.id,
      kind: 'community',
      resourceName: 'Founders',
      actor: 'system',
    });
    const browser = new PortalBrowser(p.url);
    await signInWithLink(core(), browser, accountId(), ana.id);
    const config = await discover(p.url, publicApp.id);
    const started = await startAuthorization(config, redirectUri);
    const first = await client.authorizationCodeGrant(config, (await follow(browser, started.url)).left!, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    const claims = first.claims()!;
    expect(claims.sub).toBe(ana.id); // public subject
    expect(claims.portal_access).toEqual([{ kind: 'community', resource_name: 'Founders', resource_id: 'founders' }]);
    await revokeAccess(core(), {
      accountId: accountId(),
      contactId: ana.id,
      kind: 'community',
      resourceName: 'Founders',
      actor: 'system',
    });
    expect((await client.fetchUserInfo(config, first.access_token, ana.id)).portal_access).toEqual([]);
    const next = await startAuthorization(config, redirectUri);
    const second = await client.authorizationCodeGrant(config, (await follow(browser, next.url)).left!, {
      pkceCodeVerifier: next.verifier,
      expectedNonce: next.nonce,
      expectedState: next.state,
    });
    expect(second.claims()!.portal_access).toEqual([]);

    const postApp = await createApp(core(), {
      accountId: accountId(),
      name: `Shop ${n}`,
      redirectUris: [redirectUri],
      tokenAuthMethod: 'client_secret_post',
      actor: 'system',
    });
    const postConfig = await discover(p.url, postApp.app.id, postApp.clientSecret!, 'post');
    const third = await startAuthorization(postConfig, redirectUri, 'openid email');
    const tokens = await client.authorizationCodeGrant(postConfig, (await follow(browser, third.url)).left!, {
      pkceCodeVerifier: third.verifier,
      expectedNonce: third.nonce,
      expectedState: third.state,
    });
    expect(tokens.claims()!.email).toBe(ana.email);
    expect(tokens.claims()!.portal_access).toBeUndefined();
  });
});
