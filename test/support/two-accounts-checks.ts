/**
 * The checks that nothing crosses between the two accounts of
 * `two-accounts.ts` after `runMainFlows` ran for both: what each API key
 * sees, what it can reach by the other's ids, and what went out (outbox rows,
 * emails at the fake Resend, webhook events).
 */
import { expect } from 'vitest';
import { linkTokenHash } from '../../src/core/links/link-secrets.ts';
import type { AccountFlows, AccountSide, TwoAccounts } from './two-accounts.ts';
import { SHARED_ADDRESS } from './two-accounts.ts';

type Flows = { a: AccountFlows; b: AccountFlows };

/** Every id and address of one account that the other must never see. */
function secretsOf(flows: AccountFlows): string[] {
  return [
    flows.sharedContactId,
    flows.ownContactId,
    flows.ownAddress,
    flows.bulkAddress,
    flows.inviteJobId,
    flows.loginJobId,
    flows.webhookId,
    flows.appId,
    flows.idempotentContactId,
    flows.templateSubject,
  ];
}

/** What one account's own API answers holds only its own data. */
export async function expectOwnDataOnly(t: TwoAccounts, side: AccountSide, own: AccountFlows, other: AccountFlows) {
  const db = t.portal.app.context.core.db;
  const leaks = secretsOf(other);
  const seen: string[] = [];
  const read = async (path: string) => {
    const answer = await side.call('GET', path);
    expect(answer.status, `${side.tag} GET ${path}`).toBe(200);
    seen.push(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    return answer.body;
  };

  const listed = await read('/contacts?limit=200');
  const ownRows = await db.contact.findMany({ where: { accountId: side.accountId }, select: { id: true } });
  expect(new Set(listed.data.map((c: { id: string }) => c.id))).toEqual(new Set(ownRows.map((c) => c.id)));
  const shared = await read(`/contacts/${SHARED_ADDRESS}`);
  expect(shared.contact).toMatchObject({ id: own.sharedContactId, firstName: `Ana ${side.tag}` });
  expect((await read(`/jobs/${own.inviteJobId}`)).job).toMatchObject({ id: own.inviteJobId, total: 3 });
  expect((await read('/templates/invite/email')).template.subject).toBe(own.templateSubject);
  expect((await read('/settings')).settings).toMatchObject({
    portalName: side.name,
    sender: { address: side.senderAddress },
  });
  expect((await read('/webhooks')).data.map((w: { id: string }) => w.id)).toEqual([own.webhookId]);
  expect((await read('/apps')).data.map((a: { id: string }) => a.id)).toEqual([own.appId]);
  const stats = (await read('/stats')).stats;
  const invited = await db.contact.count({ where: { accountId: side.accountId, status: 'invited' } });
  expect(invited).toBe(3);
  expect(stats).toMatchObject({ invited, active: 0 });
  const audit = await read('/audit-events?limit=200');
  expect(audit.data.length).toBeGreaterThan(5);
  const ownActors = new Set(['system', `api:${side.keyId}`, ...ownRows.map((c) => `contact:${c.id}`)]);
  for (const event of audit.data as Array<{ actor: string; type: string }>)
    expect(ownActors, `${side.tag} audit ${event.type} by ${event.actor}`).toContain(event.actor);
  const csv = await read('/contacts.csv');
  expect(csv).toContain(own.ownAddress);
  expect(csv).toContain(`Ana ${side.tag}`);

  for (const text of seen) for (const leak of leaks) expect(text, `${side.tag} sees ${leak}`).not.toContain(leak);
}

/**
 * The other account's ids, used with this account's key: every one answers
 * exactly like an id that never existed (404, same body), never 403, never
 * data, and nothing of the other account changes.
 */
export async function expectOtherIdsUnknown(
  t: TwoAccounts,
  side: AccountSide,
  own: AccountFlows,
  other: AccountFlows,
  otherSide: AccountSide,
) {
  const made = 'c0nta1ctneverexisted';
  const probes = (id: string): Array<[string, string, unknown?]> => [
    // Ids inside a query or a body of a call on the caller's own contact.
    ['GET', `/audit-events?contactId=${id}`],
    ['POST', `/contacts/${own.ownContactId}/magic-links`, { app: id }],
    ['POST', '/login-emails', { contacts: [own.sharedContactId], app: id }],
    ['GET', `/contacts/${id}`],
    ['PATCH', `/contacts/${id}`, { firstName: 'Taken' }],
    ['DELETE', `/contacts/${id}`],
    ['POST', `/contacts/${id}/grants`, { kind: 'course', resourceName: 'Stolen' }],
    ['DELETE', `/contacts/${id}/grants?kind=course&resourceName=Course%20B`],
    ['POST', `/contacts/${id}/magic-links`, {}],
    ['POST', `/contacts/${id}/magic-links`, { delivery: 'email' }],
    ['POST', `/contacts/${id}/deactivate`],
    ['POST', `/contacts/${id}/reactivate`],
    ['POST', `/contacts/${id}/sessions/revoke`],
    ['GET', `/jobs/${id}`],
    ['DELETE', `/webhooks/${id}`],
    ['DELETE', `/apps/${id}`],
  ];
  const before = await snapshotOf(t, other);
  const ids = [other.sharedContactId, other.ownContactId, other.ownAddress, other.inviteJobId, other.webhookId];
  const targets = [...ids, other.appId, other.loginJobId];
  // What an id that never existed gets, probe by probe: the answer every other account's id must get too.
  const baselines = [];
  for (const [method, path, body] of probes(made)) baselines.push(await side.call(method, path, { body }));
  for (const id of targets) {
    for (const [index, [method, path, body]] of probes(id).entries()) {
      const answer = await side.call(method, path, { body });
      const baseline = baselines[index]!;
      const where = `${side.tag} ${method} ${path}`;
      expect(answer.status, where).toBe(baseline.status);
      expect([404, 400, 422], where).toContain(answer.status);
      const text = JSON.stringify(answer.body);
      expect(text.replaceAll(id, made), where).toBe(JSON.stringify(baseline.body));
    }
  }
  // A contact named in a bulk body is unknown too: refused whole (422), nothing sent to it.
  const bulk = await side.call('POST', '/login-emails', { body: { contacts: [other.sharedContactId] } });
  expect(bulk.status).toBe(422);
  // Filtering the audit trail by the other account's key finds nothing of it.
  const byOtherKey = await side.call('GET', `/audit-events?actor=api:${otherSide.keyId}`);
  expect(byOtherKey.status).toBe(200);
  expect(byOtherKey.body.data).toEqual([]);
  expect(await snapshotOf(t, other)).toEqual(before);
}

/** Everything of one account that a wrong-account call could change. */
async function snapshotOf(t: TwoAccounts, flows: AccountFlows) {
  const db = t.portal.app.context.core.db;
  const contactIds = [flows.sharedContactId, flows.ownContactId];
  return {
    contacts: await db.contact.findMany({ where: { id: { in: contactIds } }, orderBy: { id: 'asc' } }),
    grants: await db.accessGrant.findMany({ where: { contactId: { in: contactIds } }, orderBy: { id: 'asc' } }),
    links: await db.loginToken.findMany({
      where: { contactId: { in: contactIds } },
      select: { id: true, usedAt: true, revokedAt: true },
      orderBy: { id: 'asc' },
    }),
    sessions: await db.session.count({ where: { contactId: { in: contactIds } } }),
    messages: await db.message.count({ where: { contactId: { in: contactIds } } }),
    webhook: await db.webhookSubscription.findUnique({ where: { id: flows.webhookId } }),
    app: await db.oidcApp.findUnique({ where: { id: flows.appId } }),
  };
}

/** What went out: outbox rows, emails at the fake Resend and webhook events, each of its own account only. */
export async function expectOwnMailAndEvents(t: TwoAccounts, flows: Flows) {
  const db = t.portal.app.context.core.db;
  const messages = await db.message.findMany({ include: { contact: { select: { accountId: true } } } });
  expect(messages.length).toBeGreaterThan(10);
  for (const message of messages)
    if (message.contact) expect(message.contact.accountId, `message ${message.id}`).toBe(message.accountId);

  for (const [side, own, other] of [
    [t.a, flows.a, flows.b],
    [t.b, flows.b, flows.a],
  ] as const) {
    const otherSide = side === t.a ? t.b : t.a;
    const emails = t.resend.emails.filter((email) => email.from.includes(side.senderAddress));
    const addresses = [SHARED_ADDRESS, own.ownAddress, own.bulkAddress];
    // Invites to all three, and the login email to the shared address.
    expect(emails.length, `${side.tag} emails`).toBe(4);
    for (const email of emails) {
      const where = `${side.tag} email to ${email.to.join(',')}: ${email.subject}`;
      expect(email.from, where).toBe(`${side.name} <${side.senderAddress}>`);
      expect(addresses, where).toContain(email.to[0]);
      const text = `${email.subject}\n${email.text ?? ''}\n${email.html ?? ''}`;
      expect(text, where).toContain(side.name);
      expect(text, where).not.toContain(otherSide.name);
      for (const leak of secretsOf(other)) expect(text, where).not.toContain(leak);
      const links = [...(email.text ?? '').matchAll(/(https?:\/\/[^\s"<>]+)\/l\/([A-Za-z0-9_-]{43})/g)];
      expect(links.length, where).toBeGreaterThan(0);
      for (const [, base, token] of links) {
        // Links carry PUBLIC_URL today and the account's own portal once portals are per host:
        // never the other account's portal, and always a token of this account.
        expect(base, where).not.toContain(`/a/${otherSide.slug}`);
        const row = await db.loginToken.findUnique({ where: { tokenHash: linkTokenHash(token!) } });
        expect(row?.accountId, where).toBe(side.accountId);
      }
    }
    const invites = emails.filter((email) => email.subject === own.templateSubject);
    expect(invites.map((email) => email.to[0]).sort()).toEqual([...addresses].sort());

    const ownContacts = new Set(
      (await db.contact.findMany({ where: { accountId: side.accountId }, select: { id: true } })).map((c) => c.id),
    );
    const events = side.subscriber.events;
    expect(events.map((event) => event.type)).toContain('contact.invited');
    for (const event of events) {
      const contact = event.data.contact as { id: string } | undefined;
      if (contact) expect(ownContacts, `${side.tag} ${event.type}`).toContain(contact.id);
      for (const leak of secretsOf(other)) expect(JSON.stringify(event)).not.toContain(leak);
    }
  }
}
