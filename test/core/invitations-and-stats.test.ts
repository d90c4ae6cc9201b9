import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { countPortalUsers } from '../../src/core/stats/count-portal-users.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { listGrants } from '../../src/core/access/list-grants.ts';
import { listAuditEvents } from '../../src/core/audit/list-audit-events.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

const DAY = 86_400_000;

describe.each(testProviders)('invitations and stats on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
  });
  afterAll(() => t?.close());

  /** The token the outbox would put in this message, rebuilt as the worker does. */
  async function tokenOfMessage(messageId: string): Promise<string> {
    const message = await t.core.db.message.findUniqueOrThrow({ where: { id: messageId } });
    const { linkId } = JSON.parse(message.payload) as { linkId: string };
    return linkToken(t.core.linkKey, linkId);
  }

  it('starts at zero', async () => {
    expect(await countPortalUsers(t.core, { accountId: t.account.id })).toMatchObject({
      portalUrl: 'http://portal.test/portal',
      invited: 0,
      active: 0,
      activationRate: 0,
      invitedNeverActive: 0,
      linksCreated: 0,
      linksRedeemed: 0,
    });
  });

  it('invites, queues one pending message each, and counts the transition invite -> redeem', async () => {
    const result = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['ana@example.com', { address: 'ben@example.com', firstName: 'Ben' }, '+14155550199'],
      grants: [{ kind: 'course', resourceName: 'Onboarding 101' }],
      actor: 'slack:U123',
    });
    expect(result.invited).toHaveLength(3);
    expect(result.bulkJobId).not.toBeNull();
    const messages = await t.core.db.message.findMany({ where: { bulkJobId: result.bulkJobId } });
    expect(messages.map((m) => [m.channel, m.status, m.template]).sort()).toEqual([
      ['email', 'pending', 'invite'],
      ['email', 'pending', 'invite'],
      ['sms', 'pending', 'invite'],
    ]);
    for (const m of messages) expect(m.payload).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect(
      await listGrants(t.core, { accountId: t.account.id, contactId: result.invited[0]!.contact.id }),
    ).toHaveLength(1);

    let stats = await countPortalUsers(t.core, { accountId: t.account.id });
    expect(stats).toMatchObject({ invited: 3, active: 0, linksCreated: 3, linksSent: 3, linksRedeemed: 0 });

    await redeemLink(t.core, { accountId: t.account.id, token: await tokenOfMessage(result.invited[0]!.messageId) });
    stats = await countPortalUsers(t.core, { accountId: t.account.id });
    expect(stats).toMatchObject({ invited: 2, active: 1, linksRedeemed: 1 });
    expect(stats.activationRate).toBeCloseTo(1 / 3);

    const events = await listAuditEvents(t.core, {
      accountId: t.account.id,
      subjects: [`contact:${result.invited[0]!.contact.id}`],
      limit: 20,
    });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'contact.created',
        'contact.invited',
        'access.granted',
        'link.redeemed',
        'contact.activated',
      ]),
    );
    expect(events.find((e) => e.action === 'contact.invited')?.actor).toBe('slack:U123');
    expect(events.find((e) => e.action === 'link.redeemed')?.actor).toBe(`contact:${result.invited[0]!.contact.id}`);
  });

  it('re-inviting re-sends without duplicating the contact; active contacts stay active', async () => {
    const again = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['ben@example.com', 'ana@example.com'],
      actor: 'slack:U123',
    });
    expect(again.invited.map((i) => i.created)).toEqual([false, false]);
    expect(again.invited.find((i) => i.contact.email === 'ana@example.com')?.contact.status).toBe('active');
    expect(await t.core.db.contact.count({ where: { email: 'ben@example.com' } })).toBe(1);
    expect(await t.core.db.message.count({ where: { toAddress: 'ben@example.com' } })).toBe(2);
    const stats = await countPortalUsers(t.core, { accountId: t.account.id });
    expect(stats).toMatchObject({ invited: 2, active: 1 });
  });

  it('refuses a batch with any bad address and creates nothing', async () => {
    const contacts = await t.core.db.contact.count();
    const messages = await t.core.db.message.count();
    const error = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['ok@example.com', 'broken@', '12'],
      actor: 'slack:U1',
    }).catch((e: unknown) => e);
    expect(isAppError(error, 'invalid_input')).toBe(true);
    expect((error as { details: { invalid: unknown[] } }).details.invalid).toEqual([
      { input: 'broken@', reason: 'not a valid email address' },
      { input: '12', reason: 'not an email address or phone number' },
    ]);
    expect(await t.core.db.contact.count()).toBe(contacts);
    expect(await t.core.db.message.count()).toBe(messages);
  });

  it('refuses SMS to a contact without a phone', async () => {
    const error = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['ana@example.com'],
      channel: 'sms',
      actor: 'slack:U1',
    }).catch((e: unknown) => e);
    expect(isAppError(error, 'invalid_input')).toBe(true);
    expect(JSON.stringify((error as { details: unknown }).details)).toContain('no phone number');
  });

  it('counts invited-never-active older than 7 days, exactly at the boundary', async () => {
    t.clock.advance(7 * DAY - 60_000);
    expect((await countPortalUsers(t.core, { accountId: t.account.id })).invitedNeverActive).toBe(0);
    t.clock.advance(120_000);
    expect((await countPortalUsers(t.core, { accountId: t.account.id })).invitedNeverActive).toBe(2);
    t.clock.advance(3 * DAY);
    const stats = await countPortalUsers(t.core, { accountId: t.account.id });
    expect(stats.invitedNeverActive).toBe(2);
    expect(stats.linksCreated).toBe(0);
  });

  it('queues login emails for existing contacts only, all or nothing', async () => {
    const before = await t.core.db.message.count();
    const refused = await queueLoginEmails(t.core, {
      accountId: t.account.id,
      contacts: ['ana@example.com', 'stranger@example.com'],
      actor: 'slack:U1',
    }).catch((e: unknown) => e);
    expect(isAppError(refused, 'invalid_input')).toBe(true);
    expect(await t.core.db.message.count()).toBe(before);
    const done = await queueLoginEmails(t.core, {
      accountId: t.account.id,
      contacts: ['ana@example.com', 'ben@example.com'],
      section: 'communities',
      actor: 'slack:U1',
    });
    expect(done.queued).toHaveLength(2);
    const message = await t.core.db.message.findUniqueOrThrow({ where: { id: done.queued[0]!.messageId } });
    expect(message).toMatchObject({ template: 'login', status: 'pending', channel: 'email' });
    const redeemed = await redeemLink(t.core, { accountId: t.account.id, token: await tokenOfMessage(message.id) });
    expect(redeemed.path).toBe('/portal/communities');
  });

  it('keeps the counters equal to a full recount', async () => {
    const stats = await countPortalUsers(t.core, { accountId: t.account.id });
    const recount = await recountPortalUsers(t.core, { accountId: t.account.id });
    expect({ invited: stats.invited, active: stats.active, deactivated: stats.deactivated }).toEqual(recount);
    expect((await countPortalUsers(t.core, { accountId: t.account.id })).invitedNeverActive).toBe(
      stats.invitedNeverActive,
    );
  });
});
