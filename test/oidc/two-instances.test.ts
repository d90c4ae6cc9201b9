/**
 * Two instances of the service on one PostgreSQL database, as behind a load
 * balancer: the sign-in runs at one, the code is redeemed and the userinfo
 * read at the other. Provider state lives only in the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';
import { freePort } from '../support/free-port.ts';
import { PortalBrowser } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { client, follow, signInWithLink, startAuthorization } from './relying-party.ts';

const redirectUri = 'https://courses.example.com/api/auth/callback/portal';

describe.skipIf(!process.env.TEST_POSTGRES_URL)('two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let dirs: string[] = [];
  let instances: RunningApp[] = [];
  let issuer: string;
  beforeAll(async () => {
    database = await createEmptyDatabase('postgresql');
    const ports = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${ports[0]}`;
    dirs = ports.map(() => mkdtempSync(join(tmpdir(), 'portal-desk-oidc-')));
    // Started together: both migrate and both look for a signing key on an empty database.
    instances = await Promise.all(
      ports.map((port, index) =>
        startApp(
          loadConfig({
            PORT: String(port),
            PUBLIC_URL: issuer,
            DATABASE_URL: database.url,
            DATA_DIR: dirs[index]!,
            SESSION_SECRET: 'one-secret-for-every-instance-0123456789',
            LOG_LEVEL: 'warn',
          }),
          { logger: createMemoryLogger() },
        ),
      ),
    );
  });
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the same single key at both, and a code issued by one is redeemed at the other', async () => {
    const [a, b] = instances as [RunningApp, RunningApp];
    const jwksA = await (await fetch(`${a.url}/oidc/jwks`)).json();
    const jwksB = await (await fetch(`${b.url}/oidc/jwks`)).json();
    expect(jwksA).toEqual(jwksB);
    expect((jwksA as { keys: unknown[] }).keys).toHaveLength(1);

    const core = a.context.core;
    const accountId = a.context.defaultAccount.id;
    expect(b.context.defaultAccount.id).toBe(accountId);
    const { app, clientSecret } = await createApp(core, {
      accountId,
      name: 'Courses',
      redirectUris: [redirectUri],
      refreshTokens: true,
      actor: 'system',
    });
    const ana = (await findOrCreateContact(core, { accountId, address: 'ana@example.com', actor: 'system' })).contact;
    await grantAccess(core, {
      accountId,
      contactId: ana.id,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'system',
    });

    // The browser talks to instance A only.
    const browser = new PortalBrowser(a.url);
    await signInWithLink(core, browser, accountId, ana.id);
    const metadata = (await (await fetch(`${a.url}/.well-known/openid-configuration`)).json()) as client.ServerMetadata;
    expect(metadata.issuer).toBe(issuer);
    const atA = new client.Configuration(metadata, app.id, clientSecret!, client.ClientSecretBasic(clientSecret!));
    client.allowInsecureRequests(atA);
    const started = await startAuthorization(atA, redirectUri);
    const { left } = await follow(browser, started.url);

    // The app's back end talks to instance B only.
    const atB = new client.Configuration(
      {
        ...metadata,
        token_endpoint: `${b.url}/oidc/token`,
        userinfo_endpoint: `${b.url}/oidc/me`,
        jwks_uri: `${b.url}/oidc/jwks`,
      },
      app.id,
      clientSecret!,
      client.ClientSecretBasic(clientSecret!),
    );
    client.allowInsecureRequests(atB);
    const tokens = await client.authorizationCodeGrant(atB, left!, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    const sub = tokens.claims()!.sub;
    expect((await client.fetchUserInfo(atB, tokens.access_token, sub)).portal_access).toEqual([
      { kind: 'course', resource_name: 'Intro to SEO', resource_id: 'intro-to-seo' },
    ]);
    // Refreshed at A, the rotated token refused at B.
    const refreshed = await client.refreshTokenGrant(atA, tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
    await expect(client.refreshTokenGrant(atB, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The code is spent everywhere.
    await expect(
      client.authorizationCodeGrant(atA, left!, {
        pkceCodeVerifier: started.verifier,
        expectedNonce: started.nonce,
        expectedState: started.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
