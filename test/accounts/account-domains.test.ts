/**
 * Custom domains on accounts (issue #16): one core function, the same rules on REST (operator key) and the CLI.
 * A domain is a host name, unique across accounts (409 naming the field), audited, and the account's
 * automatic portal URL follows it there and back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createOperatorKey, startApi, type TestApi } from '../api/start-api.ts';
import { openCliWorkspace } from '../support/cli-process.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { setAccountDomain } from '../../src/core/accounts/set-account-domain.ts';
import { portalSiteUrl } from '../../src/core/accounts/portal-site-url.ts';
import { AppError } from '../../src/core/shared/errors.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe.each(testProviders)('account domains, on %s', (provider) => {
  let api: TestApi;
  let operatorKey: string;
  beforeAll(async () => {
    api = await startApi(provider, { PORTAL_BASE_DOMAIN: 'portals.test' });
    operatorKey = (await createOperatorKey(api)).key;
  });
  afterAll(() => api?.close());

  it('sets, moves and clears a domain; the automatic portal URL follows; each change is audited', async () => {
    const { core } = api.app.context;
    const acme = await createAccount(core, { slug: 'acme', name: 'Acme Academy' });
    expect(acme.portalUrl).toBe('http://acme.portals.test');
    const set = await setAccountDomain(core, { slug: 'acme', domain: ' Portal.Acme.COM. ', actor: 'system' });
    expect(set).toMatchObject({ domain: 'portal.acme.com', portalUrl: 'http://portal.acme.com' });
    expect(portalSiteUrl(core, set)).toBe('http://portal.acme.com');
    const again = await setAccountDomain(core, { slug: 'acme', domain: 'portal.acme.com', actor: 'system' });
    expect(again.domain).toBe('portal.acme.com');
    const cleared = await setAccountDomain(core, { slug: 'acme', domain: null, actor: 'system' });
    expect(cleared).toMatchObject({ domain: null, portalUrl: 'http://acme.portals.test' });
    const events = await core.db.auditEvent.findMany({
      where: { accountId: acme.id, action: { startsWith: 'account.domain' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((e) => [e.action, JSON.parse(e.metadata ?? '{}')])).toEqual([
      ['account.domain_set', { from: null, to: 'portal.acme.com' }],
      ['account.domain_cleared', { from: 'portal.acme.com', to: null }],
    ]);
  });

  it('keeps a typed portal URL when the domain changes', async () => {
    const { core } = api.app.context;
    await createAccount(core, { slug: 'typed', name: 'Typed', portalUrl: 'https://crm.example.com/typed' });
    const set = await setAccountDomain(core, { slug: 'typed', domain: 'typed.example.org', actor: 'system' });
    expect(set.portalUrl).toBe('https://crm.example.com/typed');
  });

  it('refuses what is not a host name, reserved names and the default account, naming the field', async () => {
    const { core } = api.app.context;
    await createAccount(core, { slug: 'refused', name: 'Refused' });
    const refusal = (domain: string, slug = 'refused') =>
      setAccountDomain(core, { slug, domain, actor: 'system' }).then(
        () => null,
        (error: AppError) => ({ code: error.code, message: error.message }),
      );
    for (const bad of [
      'https://portal.acme.com',
      'portal.acme.com:8443',
      'portal.acme.com/x',
      'intranet',
      '10.0.0.1',
      'a_b.com',
    ])
      expect(await refusal(bad)).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^domain: /) });
    expect(await refusal('portal.test')).toMatchObject({ message: expect.stringContaining("PUBLIC_URL's host") });
    expect(await refusal('x.portals.test')).toMatchObject({ message: expect.stringContaining('PORTAL_BASE_DOMAIN') });
    expect(await refusal('desk.example.com', 'default')).toMatchObject({
      message: expect.stringContaining('default account is served at PUBLIC_URL'),
    });
  });

  it('REST: PATCH sets the domain with an operator key, answers a clash with 409 naming the field, refuses account keys', async () => {
    await api.call('POST', '/accounts', { key: operatorKey, body: { name: 'Beta School', slug: 'beta' } });
    await api.call('POST', '/accounts', { key: operatorKey, body: { name: 'Gamma School', slug: 'gamma' } });
    const set = await api.call('PATCH', '/accounts/beta', { key: operatorKey, body: { domain: 'learn.beta.org' } });
    expect(set.status).toBe(200);
    expect(set.body.account).toMatchObject({
      slug: 'beta',
      domain: 'learn.beta.org',
      portalUrl: 'http://learn.beta.org',
    });
    const clash = await api.call('PATCH', '/accounts/gamma', { key: operatorKey, body: { domain: 'LEARN.beta.org' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      code: 'conflict',
      message: 'domain: another account already uses learn.beta.org',
      details: { field: 'domain' },
    });
    const bad = await api.call('PATCH', '/accounts/gamma', {
      key: operatorKey,
      body: { domain: 'https://x.org', name: 'Not renamed' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^domain: /);
    const both = await api.call('PATCH', '/accounts/gamma', {
      key: operatorKey,
      body: { domain: 'gamma.org', name: 'Gamma Academy' },
    });
    expect(both.body.account).toMatchObject({ name: 'Gamma Academy', domain: 'gamma.org' });
    const cleared = await api.call('PATCH', '/accounts/beta', { key: operatorKey, body: { domain: null } });
    expect(cleared.body.account).toMatchObject({ domain: null, portalUrl: 'http://beta.portals.test' });
    const empty = await api.call('PATCH', '/accounts/beta', { key: operatorKey, body: {} });
    expect(empty.status).toBe(400);
    const byAccountKey = await api.call('PATCH', '/accounts/beta', { key: api.key, body: { domain: 'x.beta.org' } });
    expect(byAccountKey.status).toBe(403);
    expect(await api.app.context.core.db.account.findUnique({ where: { domain: 'x.beta.org' } })).toBeNull();
  });
});

describe('PORTAL_BASE_DOMAIN', () => {
  it('takes a host name (stored lower-case) and refuses a URL, naming the setting', () => {
    expect(loadConfig({ PORTAL_BASE_DOMAIN: 'Portals.Agency.com' }).portalBaseDomain).toBe('portals.agency.com');
    expect(loadConfig({}).portalBaseDomain).toBeUndefined();
    expect(() => loadConfig({ PORTAL_BASE_DOMAIN: 'https://portals.agency.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORTAL_BASE_DOMAIN: 'portals.agency.com:8443' })).toThrow(
      /PORTAL_BASE_DOMAIN must be a host name like portals\.example\.com/,
    );
  });
});

describe('CLI accounts domain (child process)', () => {
  it('sets and clears a domain, and refuses one another account has (exit 1, naming the field)', async () => {
    const ws = await openCliWorkspace('sqlite', 'domains');
    try {
      expect((await ws.cli('accounts', 'create', 'Acme Academy', '--slug', 'acme')).code).toBe(0);
      expect((await ws.cli('accounts', 'create', 'Beta School', '--slug', 'beta')).code).toBe(0);
      const set = await ws.cli('accounts', 'domain', 'acme', 'portal.acme.com');
      expect(set).toMatchObject({ code: 0 });
      expect(set.out).toBe(
        'Account acme is served at portal.acme.com (point its DNS here; portal https://portal.acme.com).',
      );
      const clash = await ws.cli('accounts', 'domain', 'beta', 'portal.acme.com');
      expect(clash.code).toBe(1);
      expect(clash.err).toBe('error: domain: another account already uses portal.acme.com');
      expect((await ws.cli('accounts', 'domain', 'beta')).code).toBe(2);
      const cleared = await ws.cli('accounts', 'domain', 'acme', '--clear');
      expect(cleared.out).toBe('Account acme has no custom domain; portal https://desk.example.com/a/acme.');
    } finally {
      await ws.close();
    }
  }, 120_000);
});
