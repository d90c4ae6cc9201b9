import { outboxSettled } from '../support/outbox-settled.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { invited } from './lifecycle-fixture.ts';

describe.each(testProviders)('correcting an address and the life of links, through the REST API, on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
  });
  afterAll(() => api?.close());
  const core = () => api.app.context.core;
  const accountId = () => api.app.context.defaultAccount.id;

  it('PATCH changes the email: links sent to the old one stop, a link shown to an admin keeps working, the audit masks both', async () => {
    const { contactId, token: sentInvite } = await invited(core(), accountId(), 'mistpyed@example.com');
    const shown = await createMagicLink(core(), {
      accountId: accountId(),
      contactId,
      sentVia: 'slack',
      actor: 'slack:UADMIN',
    });
    // The invite went out meanwhile (the app's worker); held back again, it is a queued message to cancel.
    await outboxSettled(api.app);
    await core().db.message.updateMany({
      where: { contactId },
      data: { status: 'pending', nextAttemptAt: new Date(Date.now() + 3_600_000) },
    });
    const answer = await api.call('PATCH', '/contacts/mistpyed@example.com', {
      body: { email: 'Mistyped@Example.com', lastName: 'Lopez' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      changed: ['email', 'lastName'],
      linksRevoked: 1,
      messagesCancelled: 1,
      contact: { id: contactId, email: 'mistyped@example.com', lastName: 'Lopez' },
    });
    await expect(redeemLink(core(), { accountId: accountId(), token: sentInvite })).rejects.toMatchObject({
      code: 'link_revoked',
    });
    expect((await redeemLink(core(), { accountId: accountId(), token: shown.token })).contact.id).toBe(contactId);
    const audit = await core().db.auditEvent.findFirstOrThrow({
      where: { subject: `contact:${contactId}`, action: 'contact.edited' },
    });
    expect(JSON.parse(audit.metadata)).toMatchObject({
      email: { from: 'm…@example.com', to: 'm…@example.com' },
      linksRevoked: 1,
    });
    expect(audit.metadata).not.toContain('mistpyed');
    expect(audit.metadata).not.toContain('mistyped');
  });

  it("refuses another contact's address with 409 naming the field and the contact; bad input with 422 naming the field", async () => {
    const a = (await api.call('POST', '/contacts', { body: { email: 'first@example.com' } })).body.contact.id as string;
    const b = (await api.call('POST', '/contacts', { body: { phone: '+14155550142' } })).body.contact.id as string;
    const clash = await api.call('PATCH', `/contacts/${a}`, { body: { phone: '+1 415 555 0142' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', details: { field: 'phone', contactId: b } });
    expect(clash.body.error.message).toMatch(/phone \+14155550142 already belongs to another contact/);
    const bad = await api.call('PATCH', `/contacts/${a}`, { body: { email: 'not-an-email' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.invalid[0]).toMatchObject({ input: 'email' });
    const phoneAsEmail = await api.call('PATCH', `/contacts/${a}`, { body: { email: '+14155550199' } });
    expect(phoneAsEmail.status).toBe(422);
    expect(phoneAsEmail.body.error.message).toMatch(/^email: not an email address/);
    const nothingLeft = await api.call('PATCH', `/contacts/${a}`, { body: { email: null } });
    expect(nothingLeft.status).toBe(422);
    expect((await api.call('PATCH', `/contacts/${a}`, { body: {} })).status).toBeGreaterThanOrEqual(400);
    expect((await api.call('PATCH', `/contacts/${a}`, { body: { colour: 'red' } })).status).toBeGreaterThanOrEqual(400);
    expect((await api.call('PATCH', '/contacts/nobody@example.com', { body: { firstName: 'X' } })).status).toBe(404);
    expect((await api.call('PATCH', `/contacts/${a}`, { body: { firstName: 'X' }, key: api.otherKey })).status).toBe(
      404,
    );
    // Removing one address is fine while the other remains.
    const moved = await api.call('PATCH', `/contacts/${b}`, { body: { email: 'second@example.com', phone: null } });
    expect(moved.body.contact).toMatchObject({ email: 'second@example.com', phone: null });
  });

  it('POST /contacts never changes an address silently: a filled-in address is listed, a different one is 409', async () => {
    await api.call('POST', '/contacts', { body: { email: 'upsert@example.com' } });
    const filled = await api.call('POST', '/contacts', {
      body: { email: 'upsert@example.com', phone: '+14155550143' },
    });
    expect(filled.body).toMatchObject({ created: false, changed: ['phone'] });
    const replaced = await api.call('POST', '/contacts', {
      body: { email: 'upsert@example.com', phone: '+14155550144' },
    });
    expect(replaced.status).toBe(409);
    expect((await api.call('GET', '/contacts/upsert@example.com')).body.contact.phone).toBe('+14155550143');
  });

  it('a link returned to the caller (delivery none) leaves the invite working; a sent link replaces it', async () => {
    const { token: invite } = await invited(core(), accountId(), 'checker@example.com');
    const returned = await api.call('POST', '/contacts/checker@example.com/magic-links', { body: {} });
    expect(returned.status).toBe(201);
    expect(
      await core().db.loginToken.count({ where: { contact: { email: 'checker@example.com' }, revokedAt: null } }),
    ).toBe(2);
    expect(
      (await api.call('POST', '/contacts/checker@example.com/magic-links', { body: { delivery: 'email' } })).status,
    ).toBe(202);
    await expect(redeemLink(core(), { accountId: accountId(), token: invite })).rejects.toMatchObject({
      code: 'link_revoked',
    });
    await expect(
      redeemLink(core(), { accountId: accountId(), token: returned.body.url.split('/l/')[1] }),
    ).rejects.toMatchObject({
      code: 'link_revoked',
    });
  });
});
