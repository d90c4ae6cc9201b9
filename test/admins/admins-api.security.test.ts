/**
 * /api/v1/admins (issue #16): an account key manages its own account's admins and no other; an operator key
 * manages any account's, and must name it. Negative side: another account's key, an account key naming a
 * foreign account, an operator key naming none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createOperatorKey, startApi, type TestApi } from '../api/start-api.ts';

describe.each(testProviders)('REST /api/v1/admins, on %s', (provider) => {
  let api: TestApi;
  let operatorKey: string;
  let operatorKeyId: string;
  const subjects = async (key: string, query = '') =>
    (await api.call('GET', `/admins${query}`, { key })).body.data?.map((a: { subject: string }) => a.subject);
  beforeAll(async () => {
    api = await startApi(provider);
    ({ key: operatorKey, id: operatorKeyId } = await createOperatorKey(api));
  });
  afterAll(() => api?.close());

  it('an account key adds (201, then 200 idempotent), lists and removes its own admins, audited as the key', async () => {
    const added = await api.call('POST', '/admins', { body: { subject: 'UMARIA01' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      added: true,
      admin: { subject: 'UMARIA01', kind: 'user', createdBy: `api:${api.keyId}` },
    });
    const again = await api.call('POST', '/admins', { body: { subject: 'umaria01' } });
    expect(again.status).toBe(200);
    expect(again.body.added).toBe(false);
    expect((await api.call('POST', '/admins', { body: { subject: 'S0LEADS', account: 'default' } })).status).toBe(201);
    const listed = await api.call('GET', '/admins');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ account: 'default' });
    expect(listed.body.data.map((a: { subject: string; kind: string }) => [a.subject, a.kind])).toEqual([
      ['UMARIA01', 'user'],
      ['S0LEADS', 'group'],
    ]);
    const removed = await api.call('DELETE', '/admins/S0LEADS');
    expect(removed).toMatchObject({ status: 200, body: { removed: true } });
    const events = await api.app.context.core.db.auditEvent.findMany({
      where: { action: { startsWith: 'account.admin_' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['account.admin_added', `api:${api.keyId}`, 'slack:UMARIA01'],
      ['account.admin_added', `api:${api.keyId}`, 'slack:S0LEADS'],
      ['account.admin_removed', `api:${api.keyId}`, 'slack:S0LEADS'],
    ]);
  });

  it("another account's key sees and changes only its own account's admins", async () => {
    expect(await subjects(api.otherKey)).toEqual([]);
    const foreign = await api.call('DELETE', '/admins/UMARIA01', { key: api.otherKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe('subject: UMARIA01 is not an admin of the account other');
    for (const [method, path, body] of [
      ['GET', '/admins?account=default', undefined],
      ['POST', '/admins', { subject: 'UEVIL001', account: 'default' }],
      ['POST', `/admins?account=${api.app.context.defaultAccount.id}`, { subject: 'UEVIL001' }],
      ['DELETE', '/admins/UMARIA01?account=default', undefined],
    ] as const) {
      const refused = await api.call(method, path, { key: api.otherKey, body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.message).toMatch(/^account: an account key manages the admins of its own account only/);
    }
    expect(await subjects(api.key)).toEqual(['UMARIA01']);
    expect(await api.app.context.core.db.accountAdmin.count({ where: { subject: 'UEVIL001' } })).toBe(0);
  });

  it('an operator key manages any account named by slug or id, and must name one', async () => {
    const added = await api.call('POST', '/admins?account=other', { key: operatorKey, body: { subject: 'UBOB0001' } });
    expect(added.status).toBe(201);
    expect(added.body.admin.createdBy).toBe(`api:${operatorKeyId}`);
    expect(await subjects(operatorKey, `?account=${api.otherAccountId}`)).toEqual(['UBOB0001']);
    expect(await subjects(operatorKey, '?account=default')).toEqual(['UMARIA01']);
    expect(
      (await api.call('POST', '/admins', { key: operatorKey, body: { subject: 'S0OPS', account: 'default' } })).status,
    ).toBe(201);
    expect((await api.call('DELETE', '/admins/S0OPS?account=default', { key: operatorKey })).status).toBe(200);
    const unnamed = await api.call('GET', '/admins', { key: operatorKey });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.error.message).toMatch(/^account: an operator key names the account/);
    const ghost = await api.call('GET', '/admins?account=ghost', { key: operatorKey });
    expect(ghost.status).toBe(404);
    expect(ghost.body.error.message).toBe('account: no account with slug or id "ghost"');
  });

  it('names the field of bad input, and documents both key kinds', async () => {
    const bad = await api.call('POST', '/admins', { body: { subject: 'maria' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^subject: a Slack user id/);
    const extra = await api.call('POST', '/admins', { body: { subject: 'U1234', role: 'owner' } });
    expect(extra.status).toBe(400);
    const missing = await api.call('DELETE', '/admins/UNOBODY1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('subject: UNOBODY1 is not an admin of the account default');
    const openApi = await api.call('GET', '/openapi.json', { key: null });
    expect(openApi.body.paths['/admins'].get.security).toEqual([{ apiKey: [] }, { operatorKey: [] }]);
    expect(openApi.body.paths['/admins/{subject}'].delete.operationId).toBe('removeAdmin');
  });
});
