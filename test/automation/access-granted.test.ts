import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { registerAutomation } from '../../src/core/automation/register-automation.ts';
import { updateAutomationSettings } from '../../src/core/automation/update-automation-settings.ts';
import { getAutomationSettings } from '../../src/core/automation/get-automation-settings.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { revokeAccess } from '../../src/core/access/revoke-access.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

describe.each(testProviders)('"access granted" automation on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
    registerAutomation(t.core);
    registerAutomation(t.core);
  });
  afterAll(() => t?.close());

  const contact = async (address: string) =>
    (await findOrCreateContact(t.core, { accountId: t.account.id, address, actor: 'system' })).contact;
  const messagesOf = (contactId: string) =>
    t.core.db.message.findMany({ where: { contactId }, orderBy: { channel: 'asc' } });
  const grant = (contactId: string, kind: string, resourceName?: string) =>
    grantAccess(t.core, { accountId: t.account.id, contactId, kind, resourceName, actor: 'api:key1' });

  it('registers once and is off by default: a grant sends nothing', async () => {
    expect(t.core.hooks.accessGranted).toHaveLength(1);
    expect(await getAutomationSettings(t.core, { accountId: t.account.id })).toEqual({
      accessGranted: { enabled: false, channels: ['email'] },
    });
    const ana = await contact('ana@example.com');
    expect((await grant(ana.id, 'course', 'Intro to SEO')).changed).toBe(true);
    expect(await messagesOf(ana.id)).toEqual([]);
  });

  it('when on, queues the access_granted message with a login link to that section', async () => {
    await updateAutomationSettings(t.core, {
      accountId: t.account.id,
      accessGranted: { enabled: true },
      actor: 'slack:U1',
    });
    const ben = await contact('ben@example.com');
    await grant(ben.id, 'course', 'Intro to SEO');
    const [message] = await messagesOf(ben.id);
    expect(message).toMatchObject({
      channel: 'email',
      template: 'access_granted',
      toAddress: 'ben@example.com',
      status: 'pending',
      createdBy: 'api:key1',
    });
    const payload = JSON.parse(message!.payload) as { linkId: string; section: string; resourceName: string };
    expect(payload).toMatchObject({ section: 'courses', resourceName: 'Intro to SEO' });
    const redeemed = await redeemLink(t.core, {
      accountId: t.account.id,
      token: linkToken(t.core.linkKey, payload.linkId),
    });
    expect(redeemed).toMatchObject({ purpose: 'login', section: 'courses', path: '/portal/courses/intro-to-seo' });
  });

  it('sends nothing for access the contact already has', async () => {
    const ben = await contact('ben@example.com');
    expect((await grant(ben.id, 'course', 'intro to seo')).changed).toBe(false);
    expect(await messagesOf(ben.id)).toHaveLength(1);
  });

  it('sends again after a revoke and a new grant', async () => {
    const ben = await contact('ben@example.com');
    await revokeAccess(t.core, {
      accountId: t.account.id,
      contactId: ben.id,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'system',
    });
    await grant(ben.id, 'course', 'Intro to SEO');
    expect(await messagesOf(ben.id)).toHaveLength(2);
  });

  it('with email and sms, shares one valid link between both messages', async () => {
    await updateAutomationSettings(t.core, {
      accountId: t.account.id,
      accessGranted: { channels: ['email', 'sms'] },
      actor: 'slack:U1',
    });
    const cy = await contact('cy@example.com');
    await t.core.db.contact.update({ where: { id: cy.id }, data: { phone: '+14155550123' } });
    await grant(cy.id, 'affiliate');
    const messages = await messagesOf(cy.id);
    expect(messages.map((m) => [m.channel, m.toAddress])).toEqual([
      ['email', 'cy@example.com'],
      ['sms', '+14155550123'],
    ]);
    const linkIds = messages.map((m) => (JSON.parse(m.payload) as { linkId: string }).linkId);
    expect(new Set(linkIds).size).toBe(1);
    expect(JSON.parse(messages[0]!.payload)).toMatchObject({ section: 'affiliates' });
    const link = await t.core.db.loginToken.findUniqueOrThrow({ where: { id: linkIds[0] } });
    expect(link.revokedAt).toBeNull();
  });

  it('skips a channel the contact cannot be reached on, without failing the grant', async () => {
    const dee = await contact('dee@example.com');
    const result = await grant(dee.id, 'community', 'Founders');
    expect(result.changed).toBe(true);
    expect((await messagesOf(dee.id)).map((m) => m.channel)).toEqual(['email']);
    const audit = await t.core.db.auditEvent.findFirstOrThrow({
      where: { action: 'automation.access_granted', subject: `contact:${dee.id}` },
    });
    expect(JSON.parse(audit.metadata).skipped).toEqual([
      { channel: 'sms', reason: 'this contact has no phone number' },
    ]);
  });

  it('does not send a separate message for access given with an invitation', async () => {
    const { invited } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['eve@example.com'],
      grants: [{ kind: 'course', resourceName: 'Bonus' }],
      actor: 'system',
    });
    expect((await messagesOf(invited[0]!.contact.id)).map((m) => m.template)).toEqual(['invite']);
  });

  it('when off again, sends nothing; refuses an empty channel list', async () => {
    await updateAutomationSettings(t.core, {
      accountId: t.account.id,
      accessGranted: { enabled: false },
      actor: 'slack:U1',
    });
    const fay = await contact('fay@example.com');
    await grant(fay.id, 'course', 'Intro to SEO');
    expect(await messagesOf(fay.id)).toEqual([]);
    const refused = await updateAutomationSettings(t.core, {
      accountId: t.account.id,
      accessGranted: { channels: [] },
      actor: 'slack:U1',
    }).catch((e) => e);
    expect(isAppError(refused, 'invalid_input')).toBe(true);
    const account = await t.core.db.account.findUniqueOrThrow({ where: { id: t.account.id } });
    expect(JSON.parse(account.settings)).toEqual({
      automation: { accessGranted: { enabled: false, channels: ['email', 'sms'] } },
    });
  });
});
