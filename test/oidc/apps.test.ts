import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { createApiKey } from '../../src/core/api-keys/create-api-key.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { oidcMountOf } from '../../src/http/oidc/register-oidc.ts';
import { client, discover, follow, signInWithLink, startAuthorization, startProviderApp } from './relying-party.ts';

type RestCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** The provider app on SQLite, and a REST caller with a key of its default account. */
async function startWithKey(): Promise<{ p: PortalApp; api: RestCall }> {
  const p = await startProviderApp('sqlite');
  const { key } = await createApiKey(p.app.context.core, {
    accountId: p.app.context.defaultAccount.id,
    name: 'test',
    actor: 'system',
  });
  const api: RestCall = async (method, path, body) => {
    const response = await fetch(`${p.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { p, api };
}

/** Apps on every surface (REST, CLI) over one running service and its database; key rotation by CLI. */
describe('apps: REST API and CLI', () => {
  let p: PortalApp;
  let api: RestCall;
  beforeAll(async () => {
    ({ p, api } = await startWithKey());
  });
  afterAll(() => p?.close());
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const config = p.app.context.config;
    const code = await runCli(argv, {
      env: { DATABASE_URL: config.databaseUrl, DATA_DIR: config.dataDir, PUBLIC_URL: config.publicUrl },
      print: (t) => out.push(t),
      printError: (t) => err.push(t),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('creates an app over REST with its secret shown once and stored sealed; lists and revokes it', async () => {
    const created = await api('POST', '/apps', {
      name: 'Courses',
      redirectUris: ['https://courses.example.com/api/auth/callback/portal'],
      requires: 'course:*',
      loginUrl: 'https://courses.example.com/api/auth/signin/portal',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      app: { name: 'Courses', requires: 'course:*', subjectType: 'pairwise', isPublic: false },
      issuer: p.url,
    });
    const secret = created.body.clientSecret as string;
    expect(secret).toMatch(/^pds_[\w-]{43}$/);
    const row = await p.app.context.core.db.oidcApp.findUniqueOrThrow({ where: { id: created.body.app.id } });
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await api('GET', '/apps');
    expect(listed.body.data.map((a: { name: string }) => a.name)).toEqual(['Courses']);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await api('POST', '/apps', { name: 'courses', redirectUris: ['https://x.example.com/cb'] })).status).toBe(
      409,
    );

    expect((await api('DELETE', `/apps/${created.body.app.id}`)).body.app.name).toBe('Courses');
    expect((await api('GET', '/apps')).body.data).toEqual([]);
    expect((await api('DELETE', `/apps/${created.body.app.id}`)).status).toBe(404);
  });

  it('refuses bad apps with the field named', async () => {
    const http = await api('POST', '/apps', { name: 'Plain', redirectUris: ['http://courses.example.com/cb'] });
    expect(http.status).toBe(422);
    expect(JSON.stringify(http.body)).toMatch(/redirectUris: .* must use https/);
    const requires = await api('POST', '/apps', {
      name: 'Odd',
      redirectUris: ['https://a.example.com/cb'],
      requires: 'castle:*',
    });
    expect(JSON.stringify(requires.body)).toMatch(/requires: /);
    const unknownField = await api('POST', '/apps', {
      name: 'Odd',
      redirectUris: ['https://a.example.com/cb'],
      implicit: true,
    });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toContain('implicit');
  });

  it("names another account's portal as the issuer of its apps, over REST and the CLI", async () => {
    const beta = await createAccount(p.app.context.core, { slug: 'beta-apps', name: 'Beta' });
    const betaKey = (await createApiKey(p.app.context.core, { accountId: beta.id, name: 'beta', actor: 'system' })).key;
    const created = await fetch(`${p.url}/api/v1/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${betaKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Beta courses', redirectUris: ['https://beta.example.com/cb'] }),
    });
    expect(created.status).toBe(201);
    const issuer = `${p.url}/a/beta-apps`;
    expect(((await created.json()) as { issuer: string }).issuer).toBe(issuer);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(issuer);
    const viaCli = await cli(
      'apps',
      'create',
      'Beta forum',
      '--redirect-uri',
      'https://beta.example.com/cb2',
      '--account',
      'beta-apps',
      '--json',
    );
    expect(viaCli.code).toBe(0);
    expect(JSON.parse(viaCli.out).issuer).toBe(issuer);
  });

  it('CLI: apps create | list | rotate-secret | revoke; the new secret works, the old one no longer does', async () => {
    const created = await cli(
      'apps',
      'create',
      'Forum',
      '--redirect-uri',
      'http://127.0.0.1:9/cb',
      '--requires',
      'community:Founders',
      '--json',
    );
    expect(created.code).toBe(0);
    const { app, clientSecret } = JSON.parse(created.out) as { app: { id: string }; clientSecret: string };
    expect((await cli('apps', 'list')).out).toContain(`Forum  client_id ${app.id}`);
    const rotated = await cli('apps', 'rotate-secret', 'forum', '--json');
    const newSecret = (JSON.parse(rotated.out) as { clientSecret: string }).clientSecret;
    expect(newSecret).not.toBe(clientSecret);
    // The token endpoint says which secret is right, without any code: a bogus one is invalid_grant with the right secret, invalid_client with the old.
    const tokenCall = (secret: string) =>
      fetch(`${p.url}/oidc/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${app.id}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'nope',
          redirect_uri: 'http://127.0.0.1:9/cb',
          code_verifier: 'x'.repeat(43),
        }),
      }).then(async (r) => ((await r.json()) as { error: string }).error);
    expect(await tokenCall(clientSecret)).toBe('invalid_client');
    expect(await tokenCall(newSecret)).toBe('invalid_grant');
    expect((await cli('apps', 'revoke', app.id)).out).toMatch(/Revoked "Forum"/);
    expect(await tokenCall(newSecret)).toBe('invalid_client');
    const bad = await cli('apps', 'create', 'Bad');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/redirectUris/);
  });

  it('CLI: apps rotate-signing-key: new tokens carry the new kid, the old key stays in the JWKS', async () => {
    const jwks = async () =>
      ((await (await fetch(`${p.url}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    const before = await jwks();
    const rotated = await cli('apps', 'rotate-signing-key', '--json');
    const { kid } = JSON.parse(rotated.out) as { kid: string };
    await oidcMountOf(p.app.context)!.reloadKeys();
    expect(await jwks()).toEqual([kid, ...before]);

    const created = JSON.parse(
      (await cli('apps', 'create', 'Rotated', '--redirect-uri', 'http://127.0.0.1:9/cb', '--json')).out,
    ) as { app: { id: string }; clientSecret: string };
    const contact = (
      await findOrCreateContact(p.app.context.core, {
        accountId: p.app.context.defaultAccount.id,
        address: 'rot@example.com',
        actor: 'system',
      })
    ).contact;
    const browser = new PortalBrowser(p.url);
    await signInWithLink(p.app.context.core, browser, p.app.context.defaultAccount.id, contact.id);
    const config = await discover(p.url, created.app.id, created.clientSecret);
    const started = await startAuthorization(config, 'http://127.0.0.1:9/cb');
    const tokens = await client.authorizationCodeGrant(config, (await follow(browser, started.url)).left!, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(kid);
  });
});

describe('magic links into an app: REST API', () => {
  let p: PortalApp;
  let api: RestCall;
  beforeAll(async () => {
    ({ p, api } = await startWithKey());
  });
  afterAll(() => p?.close());

  it('mints a link with "app" and "path" whose Continue hands the browser to the app login URL carrying the path', async () => {
    await api('POST', '/apps', {
      name: 'Courses',
      redirectUris: ['https://courses.example.com/api/auth/callback/portal'],
      loginUrl: 'https://courses.example.com/api/auth/signin/portal',
    });
    await api('POST', '/apps', { name: 'No login', redirectUris: ['https://other.example.com/cb'] });
    await api('POST', '/contacts', { email: 'ana@example.com' });
    const link = await api('POST', '/contacts/ana@example.com/magic-links', { app: 'courses', path: '/intro-to-seo' });
    expect(link.status).toBe(201);
    expect(link.body.path).toMatch(/^\/oidc\/launch\/app_[\w-]+\?path=%2Fintro-to-seo$/);
    const browser = new PortalBrowser(p.url);
    const token = String(link.body.url).split('/l/')[1]!;
    const done = await browser.post(`/l/${token}`, {}, await browser.get(`/l/${token}`));
    expect(done.location).toBe(link.body.path);
    const { left } = await follow(browser, done.location!);
    expect(left?.href).toBe('https://courses.example.com/api/auth/signin/portal?callbackUrl=%2Fintro-to-seo');

    expect((await api('POST', '/contacts/ana@example.com/magic-links', { path: '/x' })).body.error.message).toMatch(
      /^path: /,
    );
    expect(
      (await api('POST', '/contacts/ana@example.com/magic-links', { app: 'Courses', path: '//evil.example.com' })).body
        .error.message,
    ).toMatch(/^path: /);
    expect((await api('POST', '/contacts/ana@example.com/magic-links', { app: 'Nope' })).status).toBe(404);
    expect(
      (await api('POST', '/contacts/ana@example.com/magic-links', { app: 'No login' })).body.error.message,
    ).toMatch(/has no login URL/);
  });
});

describe('grants that carry the URL where the resource lives', () => {
  let p: PortalApp;
  let api: RestCall;
  beforeAll(async () => {
    ({ p, api } = await startWithKey());
  });
  afterAll(() => p?.close());

  it('/portal links the course to its URL, apps get resource_url in portal_access, a bad URL is refused naming the field', async () => {
    await api('POST', '/contacts', { email: 'bo@example.com' });
    expect(
      (
        await api('POST', '/contacts/bo@example.com/grants', {
          kind: 'course',
          resourceName: 'Intro to SEO',
          resourceUrl: 'https://courses.example.com/intro-to-seo',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('POST', '/contacts/bo@example.com/grants', {
          kind: 'course',
          resourceName: 'Other',
          resourceUrl: 'javascript:alert(1)',
        })
      ).body.error.message,
    ).toMatch(/^resourceUrl: /);
    const contact = await p.app.context.core.db.contact.findFirstOrThrow({ where: { email: 'bo@example.com' } });
    const browser = new PortalBrowser(p.url);
    await signInWithLink(p.app.context.core, browser, p.app.context.defaultAccount.id, contact.id);
    expect((await browser.get('/portal/courses')).body).toContain(
      '<a href="https://courses.example.com/intro-to-seo">Intro to SEO</a>',
    );
    expect((await browser.get('/portal/courses/intro-to-seo')).body).toContain(
      'href="https://courses.example.com/intro-to-seo">Open Intro to SEO</a>',
    );

    const { app, clientSecret } = (
      await api('POST', '/apps', { name: 'Courses', redirectUris: ['https://courses.example.com/cb'] })
    ).body;
    const config = await discover(p.url, app.id, clientSecret);
    const started = await startAuthorization(config, 'https://courses.example.com/cb');
    const tokens = await client.authorizationCodeGrant(config, (await follow(browser, started.url)).left!, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: started.state,
    });
    expect(tokens.claims()!.portal_access).toEqual([
      {
        kind: 'course',
        resource_name: 'Intro to SEO',
        resource_id: 'intro-to-seo',
        resource_url: 'https://courses.example.com/intro-to-seo',
      },
    ]);
  });
});
