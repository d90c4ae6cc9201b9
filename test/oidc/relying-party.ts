/**
 * A real relying party for the protocol tests: openid-client against the
 * running service, plus a loopback server that receives back-channel logout
 * tokens the way an app would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { expect } from 'vitest';
import { startPortalApp, type PortalApp, type PortalBrowser } from '../support/portal-app.ts';
import { freePort } from '../support/free-port.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import type { Core } from '../../src/core/core.ts';

export async function discover(
  issuer: string,
  clientId: string,
  clientSecret?: string,
  method: 'basic' | 'post' = 'basic',
) {
  const auth =
    clientSecret === undefined
      ? client.None()
      : method === 'post'
        ? client.ClientSecretPost(clientSecret)
        : client.ClientSecretBasic(clientSecret);
  return client.discovery(new URL(issuer), clientId, clientSecret ?? {}, auth, {
    execute: [client.allowInsecureRequests],
  });
}

export interface StartedAuthorization {
  url: URL;
  verifier: string;
  nonce: string;
  state: string;
}

export async function startAuthorization(
  config: client.Configuration,
  redirectUri: string,
  scope = 'openid email phone profile portal',
): Promise<StartedAuthorization> {
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  return { url, verifier, nonce, state };
}

/**
 * Follows the provider's redirects in a cookie-keeping browser until it
 * leaves the service (the app's redirect URI) or stops on a page.
 */
export async function follow(
  browser: PortalBrowser,
  start: URL | string,
  maxHops = 10,
): Promise<{ left: URL | null; page: { status: number; body: string } }> {
  let url = new URL(start, browser.baseUrl);
  for (let hop = 0; hop < maxHops; hop += 1) {
    if (url.origin !== new URL(browser.baseUrl).origin) return { left: url, page: { status: 0, body: '' } };
    const page = await browser.get(url.pathname + url.search);
    // The hand-off pages move on by meta refresh, as a browser would.
    const refresh = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    if (!page.location && !refresh) return { left: null, page };
    url = new URL(page.location ?? refresh!, url);
  }
  throw new Error('too many redirects');
}

/** A browser signed in to the portal through a magic link, as from an email; `base` is a portal's `/a/<slug>`. */
export async function signInWithLink(
  core: Core,
  browser: PortalBrowser,
  accountId: string,
  contactId: string,
  base = '',
): Promise<void> {
  const link = await createMagicLink(core, { accountId, contactId, actor: 'system' });
  const done = await browser.post(`${base}/l/${link.token}`, {}, await browser.get(`${base}/l/${link.token}`));
  expect(done.status).toBe(303);
}

/** A loopback "app" that records back-channel logout tokens. */
export async function startLogoutReceiver(): Promise<{ url: string; tokens: string[]; close(): Promise<void> }> {
  const tokens: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) tokens.push(token);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/backchannel-logout`,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { client };

/** The service on a port known in advance, so PUBLIC_URL (the issuer) is where it really answers. */
export async function startProviderApp(provider: DbProvider, env: Record<string, string> = {}): Promise<PortalApp> {
  const port = await freePort();
  return startPortalApp(provider, {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: '1',
    ...env,
  });
}
