import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { redeemLinks, type RedeemedLink } from '../../src/core/links/redeem-links.ts';
import { createLinkRedeemer } from '../../src/core/links/link-redeemer.ts';
import { startSession } from '../../src/core/sessions/start-session.ts';
import { findSession } from '../../src/core/sessions/find-session.ts';
import { countPortalUsers } from '../../src/core/stats/count-portal-users.ts';
import { AppError } from '../../src/core/shared/errors.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';

const codeOf = (answer: RedeemedLink | AppError) => (answer instanceof AppError ? answer.code : 'redeemed');

describe.each(testProviders)('redeeming links in batches on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider, { poolSize: 10 });
  });
  afterAll(() => t?.close());

  async function invited(email: string) {
    const result = await inviteContacts(t.core, { accountId: t.account.id, invitees: [email], actor: 'slack:U1' });
    return result.invited[0]!.contact;
  }
  const link = (contactId: string, section?: 'courses') =>
    createMagicLink(t.core, { accountId: t.account.id, contactId, section, actor: 'system' });

  it("spends a link only on its own account's portal: elsewhere it is unknown, even in a shared batch", async () => {
    const beta = await createAccount(t.core, { slug: 'beta-redeem', name: 'Beta' });
    const ann = await invited('cross@example.com');
    const own = await link(ann.id);
    const expired = await link(ann.id);
    await t.core.db.loginToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(0) } });
    const answers = await redeemLinks(t.core, {
      requests: [
        { accountId: beta.id, token: own.token },
        { accountId: beta.id, token: expired.token },
        { accountId: t.account.id, token: own.token },
        { accountId: beta.id, token: own.token },
      ],
    });
    // On beta's portal neither link says more than "unknown": not expired, not used by someone else.
    expect(answers.map(codeOf)).toEqual(['link_unknown', 'link_unknown', 'redeemed', 'link_unknown']);
    expect(answers[2]).toMatchObject({ accountId: t.account.id, contact: { id: ann.id } });
  });

  it('gives every request in a batch its own answer', async () => {
    const ann = await invited('ann@example.com');
    const bob = await invited('bob@example.com');
    const live = await link(ann.id, 'courses');
    const twice = await link(bob.id);
    const used = await link(
      (await findOrCreateContact(t.core, { accountId: t.account.id, address: 'used@example.com', actor: 'system' }))
        .contact.id,
    );
    await redeemLinks(t.core, { requests: [{ accountId: t.account.id, token: used.token }] });
    const answers = await redeemLinks(t.core, {
      requests: [
        { accountId: t.account.id, token: live.token },
        { accountId: t.account.id, token: twice.token },
        { accountId: t.account.id, token: twice.token },
        { accountId: t.account.id, token: used.token },
        { accountId: t.account.id, token: 'Z'.repeat(43) },
        { accountId: t.account.id, token: 'short' },
      ],
    });
    expect(answers.map(codeOf)).toEqual([
      'redeemed',
      'redeemed',
      'link_used',
      'link_used',
      'link_unknown',
      'link_unknown',
    ]);
    expect(answers[0]).toMatchObject({
      linkId: live.id,
      path: '/portal/courses',
      firstSignIn: true,
      contact: { id: ann.id, status: 'active' },
    });
    expect((answers[2] as AppError).details).toMatchObject({ linkId: twice.id, contactId: bob.id });
    expect(answers[0]).not.toHaveProperty('session');
  });

  it('activates a contact once when two of its links are in one batch, and keeps the counters true', async () => {
    const before = await countPortalUsers(t.core, { accountId: t.account.id });
    const cam = await invited('cam@example.com');
    const first = await link(cam.id);
    const second = await createMagicLink(t.core, {
      accountId: t.account.id,
      contactId: cam.id,
      purpose: 'login',
      actor: 'system',
    });
    await t.core.db.loginToken.update({ where: { id: first.id }, data: { revokedAt: null } });
    const answers = (await redeemLinks(t.core, {
      requests: [
        { accountId: t.account.id, token: first.token },
        { accountId: t.account.id, token: second.token },
      ],
    })) as RedeemedLink[];
    expect(answers.map((answer) => answer.firstSignIn)).toEqual([true, false]);
    const after = await countPortalUsers(t.core, { accountId: t.account.id });
    expect(after.active - before.active).toBe(1);
    expect(after.invited - before.invited).toBe(0); // cam was invited (+1) then became active (-1)
    const activations = await t.core.db.auditEvent.count({
      where: { action: 'contact.activated', subject: `contact:${cam.id}` },
    });
    expect(activations).toBe(1);
    expect(await t.core.db.auditEvent.count({ where: { action: 'link.redeemed', subject: `contact:${cam.id}` } })).toBe(
      2,
    );
  });

  it('moves the account counters and invite days of every first sign-in in a mixed batch', async () => {
    const db = t.core.db;
    const accountId = t.account.id;
    const today = await invited('mix-today@example.com');
    const earlier = await invited('mix-earlier@example.com');
    const never = (await findOrCreateContact(t.core, { accountId, address: 'mix-none@example.com', actor: 'system' }))
      .contact;
    const already = await invited('mix-active@example.com');
    await redeemLinks(t.core, { requests: [{ accountId, token: (await link(already.id)).token }] });
    // Move one invitation to another day, counts included, as if it had been sent then.
    const todayKey = (await db.contact.findUniqueOrThrow({ where: { id: earlier.id } }))
      .invitedAt!.toISOString()
      .slice(0, 10);
    await db.contact.update({ where: { id: earlier.id }, data: { invitedAt: new Date('2026-01-15T12:00:00Z') } });
    await db.inviteDayCount.update({
      where: { accountId_day: { accountId, day: todayKey } },
      data: { count: { decrement: 1 } },
    });
    await db.inviteDayCount.upsert({
      where: { accountId_day: { accountId, day: '2026-01-15' } },
      create: { accountId, day: '2026-01-15', count: 1 },
      update: { count: { increment: 1 } },
    });
    const day = async (key: string) =>
      (await db.inviteDayCount.findUnique({ where: { accountId_day: { accountId, day: key } } }))?.count ?? 0;
    const [accountBefore, todayBefore, earlierBefore] = [
      await db.account.findUniqueOrThrow({ where: { id: accountId } }),
      await day(todayKey),
      await day('2026-01-15'),
    ];
    const tokens = [];
    for (const c of [today, earlier, never, already]) tokens.push((await link(c.id)).token);
    const answers = (await redeemLinks(t.core, {
      requests: tokens.map((token) => ({ accountId, token })),
    })) as RedeemedLink[];
    expect(answers.map((answer) => answer.firstSignIn)).toEqual([true, true, true, false]);
    const accountAfter = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(accountAfter.activeCount - accountBefore.activeCount).toBe(3);
    expect(accountBefore.invitedCount - accountAfter.invitedCount).toBe(2);
    expect([todayBefore - (await day(todayKey)), earlierBefore - (await day('2026-01-15'))]).toEqual([1, 1]);
    const rows = await db.contact.groupBy({ by: ['status'], where: { accountId }, _count: true });
    const counted = Object.fromEntries(rows.map((row) => [row.status, row._count]));
    expect([accountAfter.activeCount, accountAfter.invitedCount]).toEqual([counted.active ?? 0, counted.invited ?? 0]);
  });

  it("starts the sessions asked for in the same transaction, ending the browser's previous one", async () => {
    const dee = await invited('dee@example.com');
    const old = await startSession(t.core, { accountId: t.account.id, contactId: dee.id });
    const l = await link(dee.id);
    const [answer] = (await redeemLinks(t.core, {
      requests: [{ accountId: t.account.id, token: l.token, session: { previousSessionId: old.sessionId } }],
    })) as RedeemedLink[];
    expect(answer!.session!.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findSession(t.core, { sessionId: answer!.session!.sessionId })).toMatchObject({
      contact: { id: dee.id },
    });
    expect(await findSession(t.core, { sessionId: old.sessionId })).toBeNull();
    expect(await t.core.db.session.count({ where: { idHash: answer!.session!.sessionId } })).toBe(0); // only its hash is stored
  });

  it('through the redeemer: 200 concurrent clicks on 100 links, every link spent once, counters exact', async () => {
    const redeemer = createLinkRedeemer(t.core, { concurrency: provider === 'sqlite' ? 1 : 4 });
    const invitees = Array.from({ length: 100 }, (_, i) => `storm${i}@example.com`);
    const contacts = (
      await inviteContacts(t.core, { accountId: t.account.id, invitees, actor: 'slack:U1' })
    ).invited.map((entry) => entry.contact);
    // Made one after another: 100 concurrent link creations are 100 Prisma transactions on a pool of 10,
    // which on a busy machine outwait Prisma's 2 s maxWait; the storm under test is the redemption below.
    const links: Array<Awaited<ReturnType<typeof link>>> = [];
    for (const contact of contacts) links.push(await link(contact.id));
    const before = await countPortalUsers(t.core, { accountId: t.account.id });
    const settled = await Promise.allSettled(
      [...links, ...links].map((l) => redeemer.submit({ accountId: t.account.id, token: l.token, session: {} })),
    );
    const wins = settled.filter((s): s is PromiseFulfilledResult<RedeemedLink> => s.status === 'fulfilled');
    const losses = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(wins).toHaveLength(100);
    expect(new Set(wins.map((w) => w.value.linkId)).size).toBe(100);
    expect(losses.every((l) => l.reason instanceof AppError && l.reason.code === 'link_used')).toBe(true);
    expect(wins.every((w) => w.value.session !== undefined)).toBe(true);
    const after = await countPortalUsers(t.core, { accountId: t.account.id });
    expect([after.active - before.active, before.invited - after.invited]).toEqual([100, 100]);
    expect(await t.core.db.session.count({ where: { contactId: { in: contacts.map((c) => c.id) } } })).toBe(100);
    await redeemer.idle();
  });
});
