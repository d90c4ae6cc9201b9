import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { findContact } from '../../src/core/contacts/find-contact.ts';
import { searchContacts } from '../../src/core/contacts/search-contacts.ts';
import { updateContactNames } from '../../src/core/contacts/update-contact-names.ts';
import { parseAddress, splitAddresses } from '../../src/core/contacts/parse-address.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

describe('parseAddress', () => {
  it('normalises emails and phone numbers', () => {
    expect(parseAddress('  Ann.Lee@Example.COM ')).toEqual({
      ok: true,
      address: { kind: 'email', email: 'ann.lee@example.com' },
    });
    expect(parseAddress('+44 20 7946 0958')).toEqual({ ok: true, address: { kind: 'phone', phone: '+442079460958' } });
    expect(parseAddress('mailto:bo@example.com')).toMatchObject({ ok: true });
  });

  it.each([
    ['not-an-email@', 'not a valid email address'],
    ['a@b', 'not a valid email address'],
    ['+1 555', 'not a valid phone number'],
    ['020 7946 0958', 'phone numbers need a country code'],
    ['hello', 'not an email address or phone number'],
    ['', 'empty address'],
  ])('rejects %j with a reason', (input, reason) => {
    const result = parseAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('splits pasted lists on spaces, commas and new lines', () => {
    expect(splitAddresses('a@x.io, b@x.io\nc@x.io;  +14155550123')).toEqual([
      'a@x.io',
      'b@x.io',
      'c@x.io',
      '+14155550123',
    ]);
  });
});

describe.each(testProviders)('contacts on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
  });
  afterAll(() => t?.close());

  it('finds or creates by email without duplicates', async () => {
    const first = await findOrCreateContact(t.core, {
      accountId: t.account.id,
      address: 'Dup@Example.com',
      firstName: 'Dana',
      actor: 'slack:U1',
    });
    const second = await findOrCreateContact(t.core, {
      accountId: t.account.id,
      address: 'dup@example.com ',
      actor: 'slack:U1',
    });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.contact.id).toBe(first.contact.id);
    expect(await t.core.db.contact.count({ where: { email: 'dup@example.com' } })).toBe(1);
  });

  it('rejects bad emails and phones with a clear error and creates nothing', async () => {
    const before = await t.core.db.contact.count();
    for (const bad of ['nobody@', '+1 555 0100 99999999', 'just words']) {
      const error = await findOrCreateContact(t.core, {
        accountId: t.account.id,
        address: bad,
        actor: 'slack:U1',
      }).catch((e: unknown) => e);
      expect(isAppError(error, 'invalid_input')).toBe(true);
      expect((error as Error).message).toContain(bad);
    }
    expect(await t.core.db.contact.count()).toBe(before);
    const auditBefore = await t.core.db.auditEvent.count({ where: { action: 'contact.created' } });
    expect(auditBefore).toBe(before);
  });

  it('creates by phone in E.164 and finds by any form of the number', async () => {
    const { contact } = await findOrCreateContact(t.core, {
      accountId: t.account.id,
      address: '+1 (415) 555-0123',
      actor: 'api:key1',
    });
    expect(contact.phone).toBe('+14155550123');
    expect((await findContact(t.core, { accountId: t.account.id, lookup: '+14155550123' })).id).toBe(contact.id);
    expect((await findContact(t.core, { accountId: t.account.id, lookup: contact.id })).id).toBe(contact.id);
    const missing = await findContact(t.core, { accountId: t.account.id, lookup: 'ghost@example.com' }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(missing, 'contact_not_found')).toBe(true);
  });

  it('updates names and finds contacts by email, name or phone prefix', async () => {
    const { contact } = await findOrCreateContact(t.core, {
      accountId: t.account.id,
      address: 'maria.lopez@example.com',
      actor: 'slack:U1',
    });
    await updateContactNames(t.core, {
      accountId: t.account.id,
      contactId: contact.id,
      firstName: 'María',
      lastName: 'López',
      actor: 'slack:U1',
    });
    await findOrCreateContact(t.core, { accountId: t.account.id, address: 'mark@example.com', actor: 'slack:U1' });
    const byEmail = await searchContacts(t.core, { accountId: t.account.id, prefix: 'mar' });
    expect(byEmail.map((c) => c.email).sort()).toEqual(['maria.lopez@example.com', 'mark@example.com']);
    const byName = await searchContacts(t.core, { accountId: t.account.id, prefix: 'maría l' });
    expect(byName.map((c) => c.email)).toEqual(['maria.lopez@example.com']);
    const byPhone = await searchContacts(t.core, { accountId: t.account.id, prefix: '+1415' });
    expect(byPhone.map((c) => c.phone)).toEqual(['+14155550123']);
    expect(await searchContacts(t.core, { accountId: t.account.id, prefix: 'zzz' })).toEqual([]);
  });

  it('keeps contacts of different accounts apart', async () => {
    const other = await t.core.db.account.create({
      data: { id: 'acct-other', slug: 'other', name: 'Other', portalUrl: 'http://other.test/portal' },
    });
    const mine = await findOrCreateContact(t.core, {
      accountId: t.account.id,
      address: 'shared@example.com',
      actor: 'system',
    });
    const theirs = await findOrCreateContact(t.core, {
      accountId: other.id,
      address: 'shared@example.com',
      actor: 'system',
    });
    expect(theirs.contact.id).not.toBe(mine.contact.id);
    const lookup = await findContact(t.core, { accountId: other.id, lookup: mine.contact.id }).catch((e: unknown) => e);
    expect(isAppError(lookup, 'invalid_input') || isAppError(lookup, 'contact_not_found')).toBe(true);
  });
});
