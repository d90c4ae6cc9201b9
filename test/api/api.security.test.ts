import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from './start-api.ts';
import { createApiKey } from '../../src/core/api-keys/create-api-key.ts';
import { revokeApiKey } from '../../src/core/api-keys/revoke-api-key.ts';
import { listApiKeys } from '../../src/core/api-keys/list-api-keys.ts';

describe.each(testProviders)('REST API, security, on %s', (provider) => {
  let api: TestApi;
  let contactId: string;
  beforeAll(async () => {
    api = await startApi(provider, { RATE_LIMIT_SCALE: '0.05' });
    contactId = (await api.call('POST', '/contacts', { body: { email: 'secret@example.com' } })).body.contact.id;
  });
  afterAll(() => api?.close());

  it('refuses a missing key with 401 and WWW-Authenticate', async () => {
    const { status, body, headers } = await api.call('GET', '/stats', { key: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
    expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a wrong key, a malformed one and another scheme', async () => {
    for (const key of ['pd_' + 'A'.repeat(43), 'not-a-key', '']) {
      expect((await api.call('GET', '/stats', { key })).status).toBe(401);
    }
    const basic = await api.call('GET', '/stats', {
      key: null,
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });

  it('refuses a revoked key', async () => {
    const { core, defaultAccount } = api.app.context;
    const { key, apiKey } = await createApiKey(core, {
      accountId: defaultAccount.id,
      name: 'Soon revoked',
      actor: 'system',
    });
    expect((await api.call('GET', '/stats', { key })).status).toBe(200);
    await revokeApiKey(core, { accountId: defaultAccount.id, keyId: apiKey.id, actor: 'system' });
    const refused = await api.call('GET', '/stats', { key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('the API key is missing, unknown or revoked');
  });

  it('records when a key was last used, and stores only its hash', async () => {
    const { core, defaultAccount } = api.app.context;
    const [key] = (await listApiKeys(core, { accountId: defaultAccount.id })).filter((k) => k.id === api.keyId);
    expect(key!.lastUsedAt).not.toBeNull();
    const row = await core.db.apiKey.findUniqueOrThrow({ where: { id: api.keyId } });
    expect(JSON.stringify(row)).not.toContain(api.key);
    expect(api.key.startsWith(row.prefix)).toBe(true);
  });

  it("never shows one account's contacts to another account's key", async () => {
    for (const [method, path, body] of [
      ['GET', `/contacts/${contactId}`, undefined],
      ['GET', '/contacts/secret@example.com', undefined],
      ['POST', `/contacts/${contactId}/grants`, { kind: 'affiliate' }],
      ['POST', `/contacts/${contactId}/magic-links`, {}],
      ['DELETE', `/contacts/${contactId}/grants?kind=affiliate`, undefined],
    ] as const) {
      const answer = await api.call(method, path, { body, key: api.otherKey });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    const list = await api.call('GET', '/contacts', { key: api.otherKey });
    expect(list.body.data).toEqual([]);
    const login = await api.call('POST', '/login-emails', { body: { contacts: [contactId] }, key: api.otherKey });
    expect(login.status).toBe(422);
    expect(await api.app.context.core.db.loginToken.count({ where: { contactId } })).toBe(0);
  });

  it('never logs an API key or a link', async () => {
    await api.call('POST', `/contacts/${contactId}/magic-links`, {});
    const logs = api.logs.join('\n');
    expect(logs).not.toContain(api.key);
    expect(logs).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
  });

  it('answers lookups that name nothing with a plain 404', async () => {
    const answer = await api.call('GET', `/contacts/${'x'.repeat(254)}`);
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toMatch(/prisma|stack|at \w+ \(/i);
  });

  it('refuses webhooks to private networks with 422 and the reason, and subscribes nothing', async () => {
    for (const [url, reason] of [
      ['http://127.0.0.1:8080/hooks', '127.0.0.1 is a private network address'],
      ['http://2130706433/hooks', '127.0.0.1 is a private network address'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a private network address'],
      ['https://10.0.0.5/hooks', '10.0.0.5 is a private network address'],
      ['https://[::1]/hooks', '::1 is a private network address'],
      ['https://localhost/hooks', 'localhost is the server itself'],
      ['https://metadata.google.internal/', 'metadata.google.internal is a name on a private network'],
    ]) {
      const { status, body } = await api.call('POST', '/webhooks', { body: { url } });
      expect(status, url).toBe(422);
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toBe(`${reason}: webhooks are only sent to addresses on the public internet`);
    }
    expect((await api.call('GET', '/webhooks')).body.data).toEqual([]);
  });

  it('limits requests per key with 429 and Retry-After (RATE_LIMIT_SCALE makes it 30 a minute here)', async () => {
    const { key } = await createApiKey(api.app.context.core, {
      accountId: api.app.context.defaultAccount.id,
      name: 'Busy',
      actor: 'system',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await api.call('GET', '/stats', { key })).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await api.call('GET', '/stats', { key });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key is not affected.
    expect((await api.call('GET', '/stats')).status).toBe(200);
  });
});
