/**
 * Two accounts side by side in one running service (issue #16, isolation in
 * data): the default account and a second one made with createAccount, each
 * with its own API key, sender, template and webhook subscriber. `runMainFlows`
 * drives one account through the REST API the way a client would; the checks
 * that nothing crosses are in `two-accounts-checks.ts`.
 */
import { outboxSettled } from './outbox-settled.ts';
import { startSubscriber, type Subscriber } from './webhook-subscriber.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { createApiKey } from '../../src/core/api-keys/create-api-key.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';
import { startPortalApp, type PortalApp } from './portal-app.ts';

export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Another key than the account's own (null: none). */
  key?: string | null;
}

export interface AccountSide {
  /** "A" or "B", for names and addresses that say whose they are. */
  tag: 'A' | 'B';
  slug: string;
  accountId: string;
  name: string;
  senderAddress: string;
  /** The account's portal URL (the default account: PUBLIC_URL/portal; another: PUBLIC_URL/a/<slug>). */
  portalUrl: string;
  key: string;
  keyId: string;
  subscriber: Subscriber;
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
}

export interface TwoAccounts {
  portal: PortalApp;
  resend: FakeResend;
  a: AccountSide;
  b: AccountSide;
  /** Sends everything due (emails, webhook events) until nothing is pending or in flight. */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

/** The address both accounts have a contact for: the same person, two portals. */
export const SHARED_ADDRESS = 'ana@example.com';

export async function startTwoAccounts(provider: DbProvider, env: Record<string, string> = {}): Promise<TwoAccounts> {
  const resend = await startFakeResend();
  const portal = await startPortalApp(provider, {
    PUBLIC_URL: 'http://portal.test',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: resend.url,
    EMAIL_FROM: 'Portal Desk <portal@example.com>',
    // The subscribers listen on 127.0.0.1, which production refuses.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...env,
  });
  const { core, defaultAccount } = portal.app.context;
  const beta = await createAccount(core, { slug: 'beta', name: 'Beta School' });
  const side = async (tag: 'A' | 'B', account: { id: string; slug: string; portalUrl: string }) => {
    const { key, apiKey } = await createApiKey(core, { accountId: account.id, name: `Key ${tag}`, actor: 'system' });
    const subscriber = await startSubscriber();
    const call = (method: string, path: string, options: CallOptions = {}) =>
      callApi(portal.url, options.key === undefined ? key : options.key, method, path, options);
    return {
      tag,
      slug: account.slug,
      accountId: account.id,
      name: tag === 'A' ? 'Acme Academy' : 'Beta School',
      senderAddress: tag === 'A' ? 'hello@acme.example.com' : 'hello@beta.example.com',
      portalUrl: account.portalUrl,
      key,
      keyId: apiKey.id,
      subscriber,
      call,
    } satisfies AccountSide;
  };
  const a = await side('A', defaultAccount);
  const b = await side('B', beta);
  return {
    portal,
    resend,
    a,
    b,
    async deliver() {
      const db = portal.app.context.core.db;
      for (let i = 0; i < 300; i++) {
        await portal.settle();
        await outboxSettled(portal.app);
        if ((await db.bulkJob.count({ where: { pendingInput: { not: null } } })) === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the outbox never settled');
    },
    async close() {
      await portal.close();
      await resend.close();
      await a.subscriber.close();
      await b.subscriber.close();
    },
  };
}

/** What one account made in `runMainFlows`: the ids the other account must never reach. */
export interface AccountFlows {
  sharedContactId: string;
  ownContactId: string;
  /** Only this account has a contact at this address. */
  ownAddress: string;
  bulkAddress: string;
  inviteJobId: string;
  loginJobId: string;
  webhookId: string;
  appId: string;
  /** A sign-in link shown to the API caller (delivery none). */
  magicLinkUrl: string;
  templateSubject: string;
  idempotentContactId: string;
}

/**
 * The main flows of one account through its own API key: settings, template,
 * contacts (upsert, edit), a grant, a webhook subscription, an app, a bulk
 * invitation and a bulk login email (jobs), a magic link, and a create under an
 * Idempotency-Key that both accounts use. Each step must succeed.
 */
export async function runMainFlows(side: AccountSide): Promise<AccountFlows> {
  const ok = async (method: string, path: string, options: CallOptions, status: number[]) => {
    const answer = await side.call(method, path, options);
    if (!status.includes(answer.status))
      throw new Error(`${side.tag}: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const slug = side.slug;
  const ownAddress = `only-${slug}@example.com`;
  const bulkAddress = `bulk-${slug}@example.com`;
  const templateSubject = `${side.name} invites you`;
  await ok(
    'PATCH',
    '/settings',
    { body: { portalName: side.name, sender: { name: side.name, address: side.senderAddress } } },
    [200],
  );
  await ok(
    'PUT',
    '/templates/invite/email',
    { body: { subject: templateSubject, text: `${side.name} (${side.tag}) says hello: {{portal.login_url}}` } },
    [200],
  );
  const webhook = await ok('POST', '/webhooks', { body: { url: side.subscriber.url } }, [201]);
  const shared = await ok(
    'POST',
    '/contacts',
    { body: { email: SHARED_ADDRESS, firstName: `Ana ${side.tag}` } },
    [201],
  );
  const own = await ok('POST', '/contacts', { body: { email: ownAddress } }, [201]);
  await ok('PATCH', `/contacts/${own.contact.id}`, { body: { firstName: 'Only', lastName: side.tag } }, [200]);
  await ok(
    'POST',
    `/contacts/${shared.contact.id}/grants`,
    { body: { kind: 'course', resourceName: `Course ${side.tag}` } },
    [201],
  );
  const app = await ok(
    'POST',
    '/apps',
    { body: { name: `App ${side.tag}`, redirectUris: [`https://app-${slug}.example.com/callback`] } },
    [201],
  );
  const invite = await ok(
    'POST',
    '/invitations',
    { body: { contacts: [SHARED_ADDRESS, ownAddress, bulkAddress] } },
    [202],
  );
  const login = await ok('POST', '/login-emails', { body: { contacts: [SHARED_ADDRESS] } }, [202]);
  const link = await ok('POST', `/contacts/${own.contact.id}/magic-links`, { body: {} }, [200, 201]);
  const idempotent = await ok(
    'POST',
    '/contacts',
    { body: { email: 'same-request@example.com' }, headers: { 'idempotency-key': 'both-accounts-use-this-key' } },
    [201],
  );
  return {
    sharedContactId: shared.contact.id,
    ownContactId: own.contact.id,
    ownAddress,
    bulkAddress,
    inviteJobId: invite.job.id,
    loginJobId: login.job.id,
    webhookId: webhook.webhook.id,
    appId: app.app.id,
    magicLinkUrl: link.url,
    templateSubject,
    idempotentContactId: idempotent.contact.id,
  };
}

async function callApi(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  options: CallOptions,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the CSV export): kept as text
  }
  return { status: response.status, body, headers: response.headers };
}
