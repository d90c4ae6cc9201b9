/**
 * A small app on loopback that signs people in with Portal Desk, the way a
 * course site would: /login starts the authorization code flow with PKCE
 * (openid-client), /callback finishes it and keeps a session, and every other
 * page shows who is signed in, with which grants, on which path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';

export interface LoopbackApp {
  url: string;
  redirectUri: string;
  loginUrl: string;
  close(): Promise<void>;
  /** Call once the app is registered: discovery against the provider. */
  configure(issuer: string, clientId: string, clientSecret: string): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startLoopbackApp(): Promise<LoopbackApp> {
  let config: client.Configuration | undefined;
  const pending = new Map<string, { verifier: string; nonce: string; returnTo: string }>();
  const sessions = new Map<string, { email: string; access: string[] }>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const handle = async () => {
      if (url.pathname === '/login') {
        const verifier = client.randomPKCECodeVerifier();
        const nonce = client.randomNonce();
        const state = client.randomState();
        const requested = url.searchParams.get('callbackUrl') ?? '/';
        pending.set(state, {
          verifier,
          nonce,
          returnTo: requested.startsWith('/') && !requested.startsWith('//') ? requested : '/',
        });
        const target = client.buildAuthorizationUrl(config!, {
          redirect_uri: `${base}/callback`,
          scope: 'openid email profile portal',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          nonce,
          state,
        });
        res.writeHead(302, { location: target.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const started = pending.get(state);
        if (!started) return void res.writeHead(400).end('unknown state');
        pending.delete(state);
        const tokens = await client.authorizationCodeGrant(config!, url, {
          pkceCodeVerifier: started.verifier,
          expectedNonce: started.nonce,
          expectedState: state,
        });
        const info = await client.fetchUserInfo(config!, tokens.access_token, tokens.claims()!.sub);
        const access = (info.portal_access as Array<{ kind: string; resource_name: string }>).map(
          (g) => `${g.kind}:${g.resource_name}`,
        );
        const id = randomBytes(16).toString('hex');
        sessions.set(id, { email: String(info.email), access });
        res
          .writeHead(302, {
            location: started.returnTo,
            'set-cookie': `loopback_app=${id}; Path=/; HttpOnly; SameSite=Lax`,
          })
          .end();
        return;
      }
      const id = /(?:^|;\s*)loopback_app=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
      const session = id ? sessions.get(id) : undefined;
      res.writeHead(session ? 200 : 401, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        session
          ? `<!doctype html><title>Course app</title><h1>Signed in as ${escapeHtml(session.email)}</h1><p id="path">${escapeHtml(url.pathname)}</p><ul>${session.access.map((a) => `<li class="grant">${escapeHtml(a)}</li>`).join('')}</ul>`
          : '<!doctype html><title>Course app</title><h1>Not signed in</h1>',
      );
    };
    handle().catch((error) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    redirectUri: `${base}/callback`,
    loginUrl: `${base}/login`,
    async configure(issuer, clientId, clientSecret) {
      config = await client.discovery(new URL(issuer), clientId, clientSecret, client.ClientSecretBasic(clientSecret), {
        execute: [client.allowInsecureRequests],
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
