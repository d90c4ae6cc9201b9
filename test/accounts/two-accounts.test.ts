/**
 * Issue #16, isolation in data: two accounts run the main flows side by side
 * through the REST API of one service, and nothing crosses: contacts, links,
 * jobs, templates, settings, audit events, stats, exports, outbox and emails,
 * webhook events, idempotency keys, sessions and rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { runMainFlows, startTwoAccounts, SHARED_ADDRESS, type TwoAccounts } from '../support/two-accounts.ts';
import type { AccountFlows } from '../support/two-accounts.ts';
import { expectOtherIdsUnknown, expectOwnDataOnly, expectOwnMailAndEvents } from '../support/two-accounts-checks.ts';
import { startSession } from '../../src/core/sessions/start-session.ts';
import { findSession } from '../../src/core/sessions/find-session.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';

describe.each(testProviders)('two accounts side by side, on %s', (provider) => {
  let t: TwoAccounts;
  let flows: { a: AccountFlows; b: AccountFlows };
  beforeAll(async () => {
    t = await startTwoAccounts(provider);
    const [a, b] = await Promise.all([runMainFlows(t.a), runMainFlows(t.b)]);
    flows = { a, b };
    await t.deliver();
  }, 120_000);
  afterAll(() => t?.close());

  it("shows each account's API only its own contacts, jobs, template, settings, webhooks, apps, stats, audit and export", async () => {
    await expectOwnDataOnly(t, t.a, flows.a, flows.b);
    await expectOwnDataOnly(t, t.b, flows.b, flows.a);
  });

  it("answers the other account's ids exactly like unknown ones (404, never 403 or data) and changes nothing", async () => {
    await expectOtherIdsUnknown(t, t.a, flows.a, flows.b, t.b);
    await expectOtherIdsUnknown(t, t.b, flows.b, flows.a, t.a);
  }, 120_000); // a few hundred requests: slow on a loaded machine, not timing-sensitive

  it('sends each account its own mail (sender, name, template, links to its own portal) and its own events', async () => {
    await expectOwnMailAndEvents(t, flows);
  });

  it('keeps Idempotency-Keys per account: the same key and body ran once in each, neither a replay', async () => {
    const db = t.portal.app.context.core.db;
    expect(flows.a.idempotentContactId).not.toBe(flows.b.idempotentContactId);
    const rows = await db.contact.findMany({ where: { email: 'same-request@example.com' }, orderBy: { id: 'asc' } });
    expect(new Set(rows.map((row) => row.accountId))).toEqual(new Set([t.a.accountId, t.b.accountId]));
    const again = await t.b.call('POST', '/contacts', {
      body: { email: 'same-request@example.com' },
      headers: { 'idempotency-key': 'both-accounts-use-this-key' },
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.contact.id).toBe(flows.b.idempotentContactId);
  });

  it("does not know A's session or A's link on B (core, with the account as the portal will pass it)", async () => {
    const core = t.portal.app.context.core;
    const session = await startSession(core, { accountId: t.a.accountId, contactId: flows.a.sharedContactId });
    expect(await findSession(core, { sessionId: session.sessionId, accountId: t.b.accountId })).toBeNull();
    expect(await findSession(core, { sessionId: session.sessionId, accountId: t.a.accountId })).toMatchObject({
      contact: { id: flows.a.sharedContactId, email: SHARED_ADDRESS },
    });
    const token = flows.b.magicLinkUrl.split('/l/')[1]!;
    await expect(redeemLink(core, { token, accountId: t.a.accountId })).rejects.toMatchObject({ code: 'link_unknown' });
    const redeemed = await redeemLink(core, { token, accountId: t.b.accountId });
    expect(redeemed.contact.id).toBe(flows.b.ownContactId);
    const stats = await t.b.call('GET', '/stats');
    expect(stats.body.stats).toMatchObject({ active: 1, invited: 2 });
    expect((await t.a.call('GET', '/stats')).body.stats).toMatchObject({ active: 0, invited: 3 });
  });
});

describe.each(testProviders)('rate limits of two accounts, on %s', (provider) => {
  let t: TwoAccounts;
  beforeAll(async () => {
    // 600 a minute per key at scale 1: 6 here, so a burst is a few requests.
    t = await startTwoAccounts(provider, { RATE_LIMIT_SCALE: '0.01' });
  });
  afterAll(() => t?.close());

  it("lets a burst on account A's key use up A's budget only: B's key still has all of its own", async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await t.a.call('GET', '/stats'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(answers[6]!.body.error.code).toBe('rate_limited');
    expect(Number(answers[6]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const b = await t.b.call('GET', '/stats');
    expect(b.status).toBe(200);
    expect(b.headers.get('ratelimit-remaining')).toBe('5');
    expect(b.body.stats).toMatchObject({ invited: 0, active: 0 });
  });
});
