/**
 * Google's side of "Sign in with Google" for tests: a real HTTP server that
 * serves a JSON Web Key Set (GOOGLE_JWKS_URL), and a signer for ID tokens
 * made with its private key (or with a stranger's key, to test refusals).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export interface FakeGoogle {
  jwksUrl: string;
  authUrl: string;
  signIdToken(
    claims: JWTPayload,
    options?: { strangerKey?: boolean; expiresIn?: string; issuer?: string; audience?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeGoogle(clientId: string): Promise<FakeGoogle> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    if (req.url === '/oauth2/v3/certs') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    jwksUrl: `${base}/oauth2/v3/certs`,
    authUrl: `${base}/o/oauth2/v2/auth`,
    async signIdToken(claims, options = {}) {
      const key: CryptoKey = options.strangerKey ? stranger.privateKey : privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(options.issuer ?? 'https://accounts.google.com')
        .setAudience(options.audience ?? clientId)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
