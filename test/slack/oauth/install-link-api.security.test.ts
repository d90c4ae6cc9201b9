/** POST /api/v1/accounts/{slug}/slack-install-link: an operator key makes a link the service accepts; an account key is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { createOperatorKey, startApi, type TestApi } from '../../api/start-api.ts';
import { createApiKey } from '../../../src/core/api-keys/create-api-key.ts';
import { createAccount } from '../../../src/core/accounts/create-account.ts';
import { archiveAccount } from '../../../src/core/accounts/archive-account.ts';
import { openInstallLink } from '../../../src/core/slack-installations/install-link.ts';

describe.each(testProviders)('REST Slack install links, on %s', (provider) => {
  let api: TestApi;
  let operatorKey: string;
  let accountKey: string;
  beforeAll(async () => {
    api = await startApi(provider);
    const { core, defaultAccount } = api.app.context;
    operatorKey = (await createOperatorKey(api)).key;
    accountKey = (await createApiKey(core, { accountId: defaultAccount.id, name: 'Shop', actor: 'system' })).key;
    await createAccount(core, { name: 'Acme Academy', slug: 'acme' });
  });
  afterAll(() => api?.close());

  it('gives an operator a signed link naming the account, and audits it', async () => {
    const { core } = api.app.context;
    const answer = await api.call('POST', '/accounts/acme/slack-install-link', {
      key: operatorKey,
      body: { hours: 2 },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.account).toEqual({ slug: 'acme' });
    const token = new URL(answer.body.url).searchParams.get('account')!;
    const acme = await core.db.account.findUniqueOrThrow({ where: { slug: 'acme' } });
    expect(openInstallLink(core, token)).toEqual({ accountId: acme.id });
    const audit = await core.db.auditEvent.findFirstOrThrow({
      where: { action: 'slack.install_link_created', accountId: acme.id },
    });
    expect(audit.actor).toMatch(/^api:/);
  });

  it('refuses an account key, bad hours, an unknown or archived account', async () => {
    const { core } = api.app.context;
    expect((await api.call('POST', '/accounts/acme/slack-install-link', { key: accountKey, body: {} })).status).toBe(
      403,
    );
    const hours = await api.call('POST', '/accounts/acme/slack-install-link', {
      key: operatorKey,
      body: { hours: 500 },
    });
    expect(hours.status).toBe(400);
    expect(JSON.stringify(hours.body)).toContain('hours');
    expect((await api.call('POST', '/accounts/nobody/slack-install-link', { key: operatorKey, body: {} })).status).toBe(
      404,
    );
    await archiveAccount(core, { slug: 'acme', actor: 'system' });
    const archived = await api.call('POST', '/accounts/acme/slack-install-link', { key: operatorKey, body: {} });
    expect(archived.status).toBe(409);
    expect(archived.body.error.code).toBe('account_archived');
  });
});
