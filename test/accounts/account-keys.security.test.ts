/**
 * Negative tests for the two kinds of API key (issue #16): an account key
 * never reaches another account, whatever "account" it names in a query or a
 * body, and never manages accounts; an operator key manages accounts and reads
 * nothing inside one; an archived account's key still reads and manages its
 * data but sends nothing and mints no link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createOperatorKey, startApi, type TestApi } from '../api/start-api.ts';

describe.each(testProviders)('account keys and operator keys, on %s', (provider) => {
  let api: TestApi;
  let operatorKey: string;
  let otherContactId: string;
  beforeAll(async () => {
    api = await startApi(provider);
    operatorKey = (await createOperatorKey(api)).key;
    const other = await api.call('POST', '/contacts', { key: api.otherKey, body: { email: 'olga@example.com' } });
    expect(other.status).toBe(201);
    otherContactId = other.body.contact.id;
  });
  afterAll(() => api?.close());

  /** What another account holds, to compare before and after. */
  const otherState = async () => {
    const db = api.app.context.core.db;
    const where = { accountId: api.otherAccountId };
    return {
      account: await db.account.findUniqueOrThrow({ where: { id: api.otherAccountId } }),
      contacts: await db.contact.findMany({ where, orderBy: { id: 'asc' } }),
      links: await db.loginToken.count({ where }),
      messages: await db.message.count({ where }),
      templates: await db.template.count({ where }),
      webhooks: await db.webhookSubscription.count({ where }),
    };
  };

  it('never lets an "account" in the query choose the account: ignored (own data) or refused (400), never the other\'s', async () => {
    for (const query of ['account=other', `accountId=${api.otherAccountId}`, 'slug=other', 'account_id=other']) {
      for (const path of ['/contacts', '/contacts.csv', '/stats', '/audit-events', `/contacts/${otherContactId}`]) {
        const answer = await api.call('GET', `${path}?${query}`);
        const where = `GET ${path}?${query}`;
        expect(JSON.stringify(answer.body), where).not.toContain('olga@example.com');
        if (path.startsWith('/contacts/')) expect(answer.status, where).toBe(404);
        else if (answer.status === 400) expect(answer.body.error.message, where).toMatch(/query/);
        else expect(answer.status, where).toBe(200);
      }
    }
  });

  it('refuses an "account" in a body with 400 naming the field, and changes nothing in the other account', async () => {
    const before = await otherState();
    const attempts: Array<[string, string, Record<string, unknown>]> = [
      ['POST', '/contacts', { email: 'sneaky@example.com', account: 'other' }],
      ['POST', '/contacts', { email: 'sneaky@example.com', accountId: api.otherAccountId }],
      ['POST', '/invitations', { contacts: ['sneaky@example.com'], account: 'other' }],
      ['POST', '/login-emails', { contacts: ['olga@example.com'], accountId: api.otherAccountId }],
      ['PATCH', '/settings', { portalName: 'Taken over', account: 'other' }],
      [
        'PUT',
        '/templates/invite/email',
        { subject: 'Hi', text: '{{portal.login_url}}', accountId: api.otherAccountId },
      ],
      ['PATCH', `/contacts/${otherContactId}`, { firstName: 'Taken', account: 'other' }],
      ['POST', '/webhooks', { url: 'https://hooks.example.com/x', account: 'other' }],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await api.call(method, path, { body });
      const where = `${method} ${path} ${Object.keys(body).join(',')}`;
      expect(answer.status, where).toBe(400);
      expect(answer.body.error.code, where).toBe('bad_request');
      expect(answer.body.error.message, where).toMatch(/body/);
    }
    expect(await otherState()).toEqual(before);
    expect(await api.app.context.core.db.contact.count({ where: { email: 'sneaky@example.com' } })).toBe(0);
  });

  it('refuses an account key on /accounts with 403, a clear message and no data, for every account it names', async () => {
    for (const [method, path, body] of [
      ['GET', '/accounts?archived=include', undefined],
      ['POST', '/accounts', { name: 'Mine now', slug: 'mine' }],
      ['PATCH', '/accounts/default', { name: 'Renamed' }],
      ['PATCH', '/accounts/other', { name: 'Renamed' }],
      ['POST', '/accounts/other/archive', undefined],
      ['POST', '/accounts/default/archive', undefined],
      ['PATCH', '/accounts/no-such-account', { name: 'Renamed' }],
    ] as const) {
      for (const key of [api.key, api.otherKey]) {
        const answer = await api.call(method, path, { key, body });
        expect(answer.status, `${method} ${path}`).toBe(403);
        // The same answer whether the account exists or not: the key kind is refused before any lookup.
        expect(answer.body).toEqual({
          error: {
            code: 'forbidden',
            message: 'managing accounts needs an operator key (portal-desk apikey create <name> --operator)',
          },
        });
      }
    }
  });

  it('refuses an operator key inside any account, with or without an "account" named, and shows no data', async () => {
    for (const path of [
      '/contacts',
      `/contacts/${otherContactId}`,
      '/contacts.csv',
      '/audit-events',
      '/templates/invite/email',
      '/settings',
      '/webhooks',
      '/apps',
      `/stats?account=other&accountId=${api.otherAccountId}`,
    ]) {
      const answer = await api.call('GET', path, { key: operatorKey });
      expect(answer.status, path).toBe(403);
      expect(answer.body, path).toEqual({
        error: {
          code: 'forbidden',
          message: 'an operator key manages accounts only; use an account key for this endpoint',
        },
      });
    }
  });

  it("keeps an archived account's key for reading and for changes that send nothing; sending and links answer 409", async () => {
    const archived = await api.call('POST', '/accounts/other/archive', { key: operatorKey });
    expect(archived.status).toBe(200);
    const key = api.otherKey;
    expect((await api.call('GET', '/stats', { key })).status).toBe(200);
    const contacts = await api.call('GET', '/contacts', { key });
    expect(contacts.body.data.map((c: { email: string }) => c.email)).toEqual(['olga@example.com']);
    expect((await api.call('GET', '/contacts.csv', { key })).status).toBe(200);
    expect((await api.call('PATCH', `/contacts/${otherContactId}`, { key, body: { firstName: 'Olga' } })).status).toBe(
      200,
    );
    const linksBefore = await api.app.context.core.db.loginToken.count({ where: { accountId: api.otherAccountId } });
    for (const [method, path, body] of [
      ['POST', '/invitations', { contacts: ['new@example.com'] }],
      ['POST', '/login-emails', { contacts: ['olga@example.com'] }],
      ['POST', `/contacts/${otherContactId}/magic-links`, {}],
      ['POST', `/contacts/${otherContactId}/magic-links`, { delivery: 'email' }],
    ] as const) {
      const answer = await api.call(method, path, { key, body });
      expect(answer.status, path).toBe(409);
      expect(answer.body.error.code, path).toBe('account_archived');
      expect(answer.body.error.message, path).toMatch(/"other" is archived/);
    }
    expect(await api.app.context.core.db.loginToken.count({ where: { accountId: api.otherAccountId } })).toBe(
      linksBefore,
    );
    // Still an account key: archiving gives it no say over accounts.
    expect((await api.call('GET', '/accounts', { key })).status).toBe(403);
    // The other account is untouched by all this.
    expect((await api.call('GET', '/stats')).status).toBe(200);
  });
});
