import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { previewImport } from '../../src/core/imports/preview-import.ts';
import { importContacts } from '../../src/core/imports/import-contacts.ts';
import { upsertContact } from '../../src/core/contacts/upsert-contact.ts';
import { deactivateContact } from '../../src/core/lifecycle/deactivate-contact.ts';

describe.each(testProviders)(
  'CSV rows that disagree with known contacts are conflicts, not merges, on %s',
  (provider) => {
    let t: TestCore;
    beforeAll(async () => {
      t = await createTestCore(provider);
      const add = (email?: string, phone?: string) =>
        upsertContact(t.core, { accountId: t.account.id, email, phone, actor: 'system' });
      await add('ana@example.com');
      await add(undefined, '+14155550161');
      await add(undefined, '+14155550162');
      const off = await add('off@example.com');
      await deactivateContact(t.core, { accountId: t.account.id, contactId: off.contact.id, actor: 'system' });
    });
    afterAll(() => t?.close());

    const csv = [
      'email,phone',
      'ana@example.com,+14155550161', // 2: two different contacts
      'new-for-phone@example.com,+14155550162', // 3: would add an email to a phone-only contact
      'fresh@example.com,+14155550163', // 4: new
      'off@example.com,', // 5: turned off
    ].join('\n');

    it('lists them in the preview with conflict: true, and the import merges nothing', async () => {
      const preview = await previewImport(t.core, { accountId: t.account.id, source: csv });
      expect(preview).toMatchObject({ rows: 4, newContacts: 1, invalidCount: 3, conflictCount: 2 });
      expect(preview.invalid).toEqual([
        {
          line: 2,
          input: 'ana@example.com',
          conflict: true,
          reason: 'conflict: ana@example.com and +14155550161 belong to two different contacts',
        },
        {
          line: 3,
          input: 'new-for-phone@example.com',
          conflict: true,
          reason: expect.stringMatching(
            /^conflict: \+14155550162 belongs to a contact with no email; adding new-for-phone@example.com/,
          ),
        },
        { line: 5, input: 'off@example.com', reason: 'access is turned off for this contact: reactivate them first' },
      ]);
      await importContacts(t.core, { accountId: t.account.id, source: csv, actor: 'system' });
      expect(await t.core.db.contact.findFirstOrThrow({ where: { phone: '+14155550162' } })).toMatchObject({
        email: null,
        status: 'none',
      });
      expect(await t.core.db.contact.findFirstOrThrow({ where: { phone: '+14155550161' } })).toMatchObject({
        email: null,
        status: 'none',
      });
      expect(await t.core.db.contact.findFirstOrThrow({ where: { email: 'off@example.com' } })).toMatchObject({
        status: 'deactivated',
      });
      expect(await t.core.db.contact.findFirstOrThrow({ where: { email: 'fresh@example.com' } })).toMatchObject({
        status: 'invited',
      });
    });
  },
);
