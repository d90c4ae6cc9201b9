/**
 * Regression tests for the cross-account leaks the isolation audit found in
 * src/core (issue #16, "isolation in data"): each names an account and must
 * neither see nor change another account's rows, whatever id or address it is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { inspectLink } from '../../src/core/links/inspect-link.ts';
import { resetPassword } from '../../src/core/credentials/reset-password.ts';
import { startSession } from '../../src/core/sessions/start-session.ts';
import { findSession } from '../../src/core/sessions/find-session.ts';
import { endSession } from '../../src/core/sessions/end-session.ts';
import { eraseContact } from '../../src/core/lifecycle/erase-contact.ts';
import { recordAuditEvent } from '../../src/core/audit/record-audit-event.ts';
import { queueMessages } from '../../src/core/outbox/queue-message.ts';
import { claimSendGroup } from '../../src/core/outbox/claim-send-group.ts';
import { newId } from '../../src/core/shared/ids.ts';

describe.each(testProviders)('isolation between accounts in core, on %s', (provider) => {
  let t: TestCore;
  let a: Account;
  let b: Account;
  let n = 0;
  beforeAll(async () => {
    t = await createTestCore(provider);
    a = t.account;
    b = await createAccount(t.core, { slug: 'beta', name: 'Beta School' });
  });
  afterAll(() => t?.close());

  async function contactIn(account: Account, address = `c${++n}@example.com`) {
    return (await findOrCreateContact(t.core, { accountId: account.id, address, actor: 'system' })).contact;
  }

  it("treats account A's link as unknown on account B, whatever its state, and reads nothing of A's contact", async () => {
    const ana = await contactIn(a);
    const live = await createMagicLink(t.core, { accountId: a.id, contactId: ana.id, actor: 'system' });
    const own = await inspectLink(t.core, { token: live.token, accountId: a.id });
    expect(own.state).toBe('live');
    await expect(inspectLink(t.core, { token: live.token, accountId: b.id })).rejects.toMatchObject({
      code: 'link_unknown',
    });
    // A revoked link of A says "revoked" (with A's masked address) on A, and only "unknown" on B.
    await createMagicLink(t.core, { accountId: a.id, contactId: ana.id, actor: 'system', sentVia: 'email' });
    expect((await inspectLink(t.core, { token: live.token, accountId: a.id })).state).toBe('revoked');
    const onB = await inspectLink(t.core, { token: live.token, accountId: b.id }).catch((error: unknown) => error);
    expect(onB).toMatchObject({ code: 'link_unknown' });
    expect(JSON.stringify(onB)).not.toContain('example.com');
  });

  it("refuses A's reset link on B as unknown before judging the password, and changes nothing", async () => {
    const ana = await contactIn(a);
    const reset = await createMagicLink(t.core, {
      accountId: a.id,
      contactId: ana.id,
      purpose: 'reset',
      sentVia: 'email',
      actor: 'system',
    });
    for (const password of ['correct horse battery staple', 'short']) {
      await expect(resetPassword(t.core, { token: reset.token, accountId: b.id, password })).rejects.toMatchObject({
        code: 'link_unknown',
      });
    }
    const link = await t.core.db.loginToken.findUniqueOrThrow({ where: { id: reset.id } });
    expect(link.usedAt).toBeNull();
    expect((await t.core.db.contact.findUniqueOrThrow({ where: { id: ana.id } })).passwordHash).toBeNull();
    // The same link still works where it belongs.
    const done = await resetPassword(t.core, {
      token: reset.token,
      accountId: a.id,
      password: 'correct horse battery staple',
    });
    expect(done).toEqual({ contactId: ana.id, accountId: a.id });
  });

  it('does not know a session of A on B, and leaves it as it was (no touch, no sign-out)', async () => {
    const ana = await contactIn(a);
    const session = await startSession(t.core, { accountId: a.id, contactId: ana.id });
    const before = await t.core.db.session.findFirstOrThrow({ where: { contactId: ana.id } });
    t.clock.advance(30 * 60_000); // past the touch interval: a lookup on A would move lastSeenAt
    expect(await findSession(t.core, { sessionId: session.sessionId, accountId: b.id })).toBeNull();
    await endSession(t.core, { sessionId: session.sessionId, accountId: b.id });
    const after = await t.core.db.session.findFirstOrThrow({ where: { contactId: ana.id } });
    expect(after.lastSeenAt).toEqual(before.lastSeenAt);
    const onA = await findSession(t.core, { sessionId: session.sessionId, accountId: a.id });
    expect(onA).toMatchObject({ accountId: a.id, contact: { id: ana.id } });
    // Without an account (callers that are not a portal) the session is found as before.
    expect((await findSession(t.core, { sessionId: session.sessionId }))?.contact.id).toBe(ana.id);
    await endSession(t.core, { sessionId: session.sessionId, accountId: a.id });
    expect(await findSession(t.core, { sessionId: session.sessionId })).toBeNull();
  });

  it("does not tell B that A's contact behind a session was turned off", async () => {
    const ana = await contactIn(a);
    const session = await startSession(t.core, { accountId: a.id, contactId: ana.id });
    await t.core.db.contact.update({ where: { id: ana.id }, data: { status: 'deactivated' } });
    expect(await findSession(t.core, { sessionId: session.sessionId, accountId: b.id })).toBeNull();
    await expect(findSession(t.core, { sessionId: session.sessionId, accountId: a.id })).rejects.toMatchObject({
      code: 'contact_deactivated',
    });
  });

  it('erasing an address in A scrubs only A: the same address in B keeps its audit trail, messages and events', async () => {
    const address = 'shared.person@example.com';
    const inA = await contactIn(a, address);
    const inB = await contactIn(b, address);
    const now = t.core.now();
    for (const account of [a, b]) {
      await recordAuditEvent(t.core, t.core.db, {
        accountId: account.id,
        actor: 'system',
        action: 'test.noted',
        subject: `note:${account.slug}`,
        metadata: { wrote: address },
      });
      await t.core.db.bulkJob.create({
        data: {
          id: `job-${account.slug}`,
          accountId: account.id,
          kind: 'invite',
          requestedBy: 'system',
          pendingInput: JSON.stringify({ invitees: [address] }),
        },
      });
    }
    await queueMessages(t.core.db as never, [
      ...[a, b].map((account) => ({
        accountId: account.id,
        contactId: null,
        channel: 'webhook' as const,
        template: 'event' as const,
        toAddress: 'https://hooks.example.com/in',
        payload: { event: { contact: { email: address } } } as never,
        createdBy: 'system',
        now,
        id: `event-${account.slug}`,
      })),
    ]);
    await t.core.db.message.updateMany({
      where: { id: { in: ['event-default', 'event-beta'] } },
      data: { status: 'failed', lastError: `550 ${address}: mailbox full` },
    });
    await t.core.db.message.update({ where: { id: 'event-beta' }, data: { status: 'pending' } });

    const erased = await eraseContact(t.core, { accountId: a.id, lookup: address, actor: 'system' });
    expect(erased).toMatchObject({ contactId: inA.id, erased: true });

    const notes = await t.core.db.auditEvent.findMany({ where: { action: 'test.noted' }, orderBy: { subject: 'asc' } });
    expect(notes.map((e) => [e.subject, JSON.parse(e.metadata).wrote])).toEqual([
      ['note:beta', address],
      ['note:default', '[erased]'],
    ]);
    const events = await t.core.db.message.findMany({ where: { channel: 'webhook' }, orderBy: { id: 'asc' } });
    expect(events.map((m) => [m.id, m.status, m.payload.includes(address), m.lastError])).toEqual([
      ['event-beta', 'pending', true, `550 ${address}: mailbox full`],
      ['event-default', 'failed', false, '550 [erased]: mailbox full'],
    ]);
    const jobs = await t.core.db.bulkJob.findMany({ orderBy: { id: 'asc' }, where: { id: { startsWith: 'job-' } } });
    expect(jobs.map((j) => [j.id, j.pendingInput?.includes(address)])).toEqual([
      ['job-beta', true],
      ['job-default', false],
    ]);
    expect(await t.core.db.contact.findUnique({ where: { id: inB.id } })).toMatchObject({ email: address });
  });

  it("never puts two accounts' bulk emails in one send group (one provider request, one account)", async () => {
    const now = t.core.now();
    const jobs = { [a.id]: newId(), [b.id]: newId() };
    for (const account of [a, b])
      await t.core.db.bulkJob.create({
        data: { id: jobs[account.id]!, accountId: account.id, kind: 'invite', requestedBy: 'system', total: 3 },
      });
    // Interleaved, all due at once: the oldest-first claim alone would take all six together.
    await queueMessages(
      t.core.db as never,
      [0, 1, 2].flatMap((i) =>
        [a, b].map((account) => ({
          accountId: account.id,
          contactId: null,
          channel: 'email' as const,
          template: 'invite' as const,
          toAddress: `bulk${i}@${account.slug}.example.com`,
          payload: {} as never,
          bulkJobId: jobs[account.id]!,
          createdBy: 'system',
          now,
        })),
      ),
    );
    const first = await claimSendGroup(t.core, { channel: 'email', bulk: true, limit: 100, workerId: 'w1' });
    const second = await claimSendGroup(t.core, { channel: 'email', bulk: true, limit: 100, workerId: 'w1' });
    const accountsOf = (group: typeof first) => [...new Set(group.map((m) => m.accountId))];
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(accountsOf(first)).toHaveLength(1);
    expect(accountsOf(second)).toHaveLength(1);
    expect(new Set([...accountsOf(first), ...accountsOf(second)])).toEqual(new Set([a.id, b.id]));
  });
});
