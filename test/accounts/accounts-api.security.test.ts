/**
 * /api/v1/accounts with an operator key, and the negative side: an account key is refused there (403), an
 * operator key is refused on an account's own endpoints (403), and neither key kind leaks into the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createOperatorKey, startApi, type TestApi } from '../api/start-api.ts';

describe.each(testProviders)('REST /api/v1/accounts (operator key), on %s', (provider) => {
  let api: TestApi;
  let operatorKey: string;
  let operatorKeyId: string;
  beforeAll(async () => {
    api = await startApi(provider);
    ({ key: operatorKey, id: operatorKeyId } = await createOperatorKey(api));
  });
  afterAll(() => api?.close());

  it('creates, lists, renames and archives accounts, audited as the operator key', async () => {
    const created = await api.call('POST', '/accounts', {
      key: operatorKey,
      body: { name: 'Acme Academy', slug: 'acme' },
    });
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({
      slug: 'acme',
      name: 'Acme Academy',
      portalUrl: 'http://portal.test/a/acme',
      archivedAt: null,
    });
    const renamed = await api.call('PATCH', '/accounts/acme', { key: operatorKey, body: { name: 'Acme Pro' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.account.name).toBe('Acme Pro');
    const archived = await api.call('POST', '/accounts/acme/archive', { key: operatorKey });
    expect(archived.status).toBe(200);
    expect(archived.body.account.archivedAt).toEqual(expect.any(String));
    const listed = await api.call('GET', '/accounts', { key: operatorKey });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((a: { slug: string }) => a.slug)).toEqual(['default', 'other']);
    const all = await api.call('GET', '/accounts?archived=include', { key: operatorKey });
    expect(all.body.data.map((a: { slug: string }) => a.slug)).toEqual(['default', 'other', 'acme']);
    const events = await api.app.context.core.db.auditEvent.findMany({
      where: { accountId: created.body.account.id, action: { startsWith: 'account.' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['account.created', `api:${operatorKeyId}`],
      ['account.renamed', `api:${operatorKeyId}`],
      ['account.archived', `api:${operatorKeyId}`],
    ]);
  });

  it('answers a taken slug with 409 naming it, a bad slug with 422 naming the field, an unknown slug with 404', async () => {
    const taken = await api.call('POST', '/accounts', { key: operatorKey, body: { name: 'Other', slug: 'other' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', message: 'slug: an account with slug "other" exists' });
    const bad = await api.call('POST', '/accounts', { key: operatorKey, body: { name: 'Bad', slug: 'Bad Slug!' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^slug: /);
    const missing = await api.call('POST', '/accounts', { key: operatorKey, body: { slug: 'noname' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/body\.name/);
    const ghost = await api.call('PATCH', '/accounts/ghost', { key: operatorKey, body: { name: 'Boo' } });
    expect(ghost.status).toBe(404);
    const keepDefault = await api.call('POST', '/accounts/default/archive', { key: operatorKey });
    expect(keepDefault.status).toBe(403);
  });

  it('refuses an ordinary account key on every account route with 403, and changes nothing', async () => {
    const before = await api.app.context.core.db.account.count();
    for (const [method, path, body] of [
      ['GET', '/accounts', undefined],
      ['POST', '/accounts', { name: 'Sneaky', slug: 'sneaky' }],
      ['PATCH', '/accounts/other', { name: 'Taken over' }],
      ['POST', '/accounts/other/archive', undefined],
    ] as const) {
      for (const key of [api.key, api.otherKey]) {
        const refused = await api.call(method, path, { key, body });
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(refused.body.error.code).toBe('forbidden');
        expect(refused.body.error.message).toMatch(/operator key/);
      }
    }
    expect(await api.app.context.core.db.account.count()).toBe(before);
    const other = await api.app.context.core.db.account.findUniqueOrThrow({ where: { slug: 'other' } });
    expect(other).toMatchObject({ name: 'Other portal', archivedAt: null });
  });

  it("refuses an operator key on an account's own endpoints (it manages accounts, nothing inside one)", async () => {
    const stats = await api.call('GET', '/stats', { key: operatorKey });
    expect(stats.status).toBe(403);
    expect(stats.body.error.message).toMatch(/operator key manages accounts only/);
    const invite = await api.call('POST', '/contacts', { key: operatorKey, body: { email: 'x@example.com' } });
    expect(invite.status).toBe(403);
    expect(await api.app.context.core.db.contact.count({ where: { email: 'x@example.com' } })).toBe(0);
  });

  it('documents the account routes in OpenAPI with the operator key scheme', async () => {
    const doc = await api.call('GET', '/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths['/accounts'])).toEqual(['get', 'post']);
    expect(doc.body.paths['/accounts/{slug}'].patch.security).toEqual([{ operatorKey: [] }]);
    expect(doc.body.paths['/accounts/{slug}/archive'].post.operationId).toBe('archiveAccount');
    expect(doc.body.components.securitySchemes.operatorKey.scheme).toBe('bearer');
    expect(doc.body.paths['/stats'].get.security).toBeUndefined();
  });
});
