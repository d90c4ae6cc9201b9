import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { startFakeGoogle, type FakeGoogle } from '../support/fake-google.ts';
import { Redis } from 'ioredis';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';

const clientId = 'test-client.apps.googleusercontent.com';

describe('Sign in with Google', () => {
  let p: PortalApp;
  let google: FakeGoogle;
  beforeAll(async () => {
    google = await startFakeGoogle(clientId);
    p = await startPortalApp('sqlite', {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_JWKS_URL: google.jwksUrl,
      GOOGLE_AUTH_URL: google.authUrl,
    });
    await findOrCreateContact(p.app.context.core, {
      accountId: p.app.context.defaultAccount.id,
      address: 'gina@example.com',
      actor: 'system',
    });
  });
  afterAll(async () => {
    await p?.close();
    await google?.close();
  });

  /** Starts the flow as a browser: the 303 to Google carries state and nonce; the cookie binds them to this browser. */
  async function start(browser: PortalBrowser) {
    const started = await browser.get('/auth/google');
    expect(started.status).toBe(303);
    const url = new URL(started.location!);
    expect(url.origin + url.pathname).toBe(google.authUrl);
    expect(url.searchParams.get('client_id')).toBe(clientId);
    expect(url.searchParams.get('response_type')).toBe('id_token');
    expect(url.searchParams.get('response_mode')).toBe('form_post');
    return { state: url.searchParams.get('state')!, nonce: url.searchParams.get('nonce')! };
  }

  it('shows the button and signs in the contact with a verified email, then by Google subject', async () => {
    const browser = new PortalBrowser(p.url);
    expect((await browser.get('/login')).body).toContain('Sign in with Google');
    const { state, nonce } = await start(browser);
    const idToken = await google.signIdToken({
      sub: 'google-sub-1',
      email: 'gina@example.com',
      email_verified: true,
      nonce,
    });
    const done = await browser.post('/auth/google/callback', { id_token: idToken, state });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/portal');
    expect((await browser.get('/portal')).status).toBe(200);
    const row = await p.app.context.core.db.contact.findFirstOrThrow({ where: { email: 'gina@example.com' } });
    expect(row.googleSubject).toBe('google-sub-1');
    expect(row.status).toBe('active');

    // Later, the Google account's email changed: the subject still finds the contact.
    const later = new PortalBrowser(p.url);
    const second = await start(later);
    const token = await google.signIdToken({
      sub: 'google-sub-1',
      email: 'gina.new@example.com',
      email_verified: true,
      nonce: second.nonce,
    });
    expect((await later.post('/auth/google/callback', { id_token: token, state: second.state })).status).toBe(303);
  });

  it('refuses tokens that are forged, for another app, from another issuer, expired, replayed with another nonce, or for strangers', async () => {
    const cases: Array<[string, (nonce: string) => Promise<string>]> = [
      [
        'forged',
        (nonce) =>
          google.signIdToken(
            { sub: 's', email: 'gina@example.com', email_verified: true, nonce },
            { strangerKey: true },
          ),
      ],
      [
        'audience',
        (nonce) =>
          google.signIdToken(
            { sub: 's', email: 'gina@example.com', email_verified: true, nonce },
            { audience: 'other-app' },
          ),
      ],
      [
        'issuer',
        (nonce) =>
          google.signIdToken(
            { sub: 's', email: 'gina@example.com', email_verified: true, nonce },
            { issuer: 'https://evil.example' },
          ),
      ],
      [
        'expired',
        (nonce) =>
          google.signIdToken(
            { sub: 's', email: 'gina@example.com', email_verified: true, nonce },
            { expiresIn: '-5m' },
          ),
      ],
      [
        'nonce',
        () => google.signIdToken({ sub: 's', email: 'gina@example.com', email_verified: true, nonce: 'another' }),
      ],
      [
        'unverified',
        (nonce) => google.signIdToken({ sub: 's2', email: 'gina@example.com', email_verified: false, nonce }),
      ],
      [
        'stranger',
        (nonce) => google.signIdToken({ sub: 's3', email: 'stranger@example.com', email_verified: true, nonce }),
      ],
    ];
    for (const [name, make] of cases) {
      const browser = new PortalBrowser(p.url);
      const { state, nonce } = await start(browser);
      const answer = await browser.post('/auth/google/callback', { id_token: await make(nonce), state });
      expect(answer.status, name).toBe(401);
      expect(browser.cookies.has('pd_session'), name).toBe(false);
    }
  });

  it('refuses a callback whose state does not match this browser (login CSRF)', async () => {
    const victim = new PortalBrowser(p.url);
    await start(victim);
    const attacker = new PortalBrowser(p.url);
    const theirs = await start(attacker);
    const token = await google.signIdToken({
      sub: 'google-sub-1',
      email: 'gina@example.com',
      email_verified: true,
      nonce: theirs.nonce,
    });
    expect((await victim.post('/auth/google/callback', { id_token: token, state: theirs.state })).status).toBe(400);
    expect(
      (await new PortalBrowser(p.url).post('/auth/google/callback', { id_token: token, state: theirs.state })).status,
    ).toBe(400);
  });
});

describe('without GOOGLE_CLIENT_ID', () => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp('sqlite', { REDIS_URL: 'redis://127.0.0.1:6379' });
  });
  afterAll(() => p?.close());

  it('has no Google button or route, and keeps rate limits in Redis when REDIS_URL is set', async () => {
    const browser = new PortalBrowser(p.url);
    expect((await browser.get('/login')).body).not.toContain('Google');
    expect((await browser.get('/auth/google')).status).toBe(404);
    await browser.get(`/l/${'R'.repeat(43)}`);
    expect(await p.app.context.core.db.rateLimit.count()).toBe(0);
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      expect((await redis.keys('pd_linkPerIp:*')).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
