import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { previewImport } from '../../src/core/imports/preview-import.ts';
import { importContacts } from '../../src/core/imports/import-contacts.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { listGrants } from '../../src/core/access/list-grants.ts';
import { registerAutomation } from '../../src/core/automation/register-automation.ts';
import { updateAutomationSettings } from '../../src/core/automation/update-automation-settings.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

const csv = [
  'Email,Phone,First Name,Last Name,Grants',
  'new1@example.com,,Nia,One,course:Intro to SEO;community:Founders', // 2 new
  ',+14155550131,Pat,Phone,', // 3 new, by phone
  'new2@example.com,+14155550132,Both,Ways,affiliate', // 4 new, both addresses
  'not-an-email,,Bad,Row,', // 5 invalid
  'invited@example.com,,,,', // 6 already invited
  'active@example.com,,,,course:Advanced', // 7 already active
  'new1@example.com,,Dup,,', // 8 duplicate of line 2
  'grant@example.com,,,,castle:Big', // 9 invalid grant
  ',4155550100,,,', // 10 phone without country code
  '',
  ',,Only,Names,', // 12 no address
].join('\n');

describe.each(testProviders)('CSV import on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
    registerAutomation(t.core);
    await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['invited@example.com', 'active@example.com'],
      actor: 'system',
    });
    const active = await t.core.db.message.findFirstOrThrow({ where: { toAddress: 'active@example.com' } });
    await redeemLink(t.core, {
      accountId: t.account.id,
      token: linkToken(t.core.linkKey, (JSON.parse(active.payload) as { linkId: string }).linkId),
    });
  });
  afterAll(() => t?.close());

  it('previews good and bad rows with reasons and line numbers, writing nothing', async () => {
    const contactsBefore = await t.core.db.contact.count();
    const preview = await previewImport(t.core, { accountId: t.account.id, source: csv });
    expect(preview).toMatchObject({
      rows: 10,
      newContacts: 3,
      alreadyInvited: 1,
      alreadyActive: 1,
      toInvite: 4,
      invalidCount: 5,
    });
    expect(preview.invalid).toEqual([
      { line: 5, input: 'not-an-email', reason: 'not a valid email address' },
      { line: 8, input: 'new1@example.com', reason: 'same contact as line 2' },
      {
        line: 9,
        input: 'grant@example.com',
        reason: expect.stringMatching(/^grants: "castle" is not something to grant/),
      },
      { line: 10, input: '4155550100', reason: expect.stringMatching(/country code/) },
      { line: 12, input: 'line 12', reason: 'no email or phone' },
    ]);
    expect(await t.core.db.contact.count()).toBe(contactsBefore);
  });

  it('refuses a file without an email or phone column', async () => {
    const error = await previewImport(t.core, { accountId: t.account.id, source: 'name,age\nAna,3\n' }).catch((e) => e);
    expect(isAppError(error, 'invalid_input')).toBe(true);
    expect(error.message).toMatch(/at least "email" or "phone"/);
  });

  it('imports on confirmation: invites as one bulk job, applies grants, skips invalid rows', async () => {
    await updateAutomationSettings(t.core, {
      accountId: t.account.id,
      accessGranted: { enabled: true },
      actor: 'system',
    });
    let announced: string | undefined;
    const result = await importContacts(t.core, {
      accountId: t.account.id,
      source: Readable.from([csv.slice(0, 50), csv.slice(50)]),
      actor: 'slack:U1',
      onBulkJobCreated: (id) => (announced = id),
    });
    expect(result).toMatchObject({ invited: 4, created: 3, alreadyActive: 1, invalidCount: 5 });
    expect(announced).toBe(result.bulkJobId);
    const job = await t.core.db.bulkJob.findUniqueOrThrow({ where: { id: result.bulkJobId } });
    expect(job).toMatchObject({ kind: 'import', total: 4, requestedBy: 'slack:U1' });
    const messages = await t.core.db.message.findMany({ where: { bulkJobId: result.bulkJobId } });
    expect(messages.map((m) => m.toAddress).sort()).toEqual([
      '+14155550131',
      'invited@example.com',
      'new1@example.com',
      'new2@example.com',
    ]);

    const both = await t.core.db.contact.findFirstOrThrow({ where: { email: 'new2@example.com' } });
    expect(both).toMatchObject({ phone: '+14155550132', firstName: 'Both', lastName: 'Ways', status: 'invited' });
    const nia = await t.core.db.contact.findFirstOrThrow({ where: { email: 'new1@example.com' } });
    expect(
      (await listGrants(t.core, { accountId: t.account.id, contactId: nia.id })).map((g) => g.resourceName).sort(),
    ).toEqual(['Founders', 'Intro to SEO']);
    expect(nia.firstName).toBe('Nia');
    // The active contact is not invited again; their new grant triggers the "access granted" message instead.
    const active = await t.core.db.contact.findFirstOrThrow({ where: { email: 'active@example.com' } });
    expect(active.status).toBe('active');
    const activeMessages = await t.core.db.message.findMany({
      where: { contactId: active.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(activeMessages.map((m) => m.template)).toEqual(['invite', 'access_granted']);
    // New contacts with grants from the import get the invite only.
    expect((await t.core.db.message.findMany({ where: { contactId: nia.id } })).map((m) => m.template)).toEqual([
      'invite',
    ]);
    expect(await t.core.db.contact.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('previews 50,000 rows without blocking the event loop', { timeout: 120_000 }, async () => {
    // The file arrives as a stream of 100-line chunks; a timer ticking every millisecond counts how many
    // chunks the import swallows between two turns of the event loop. Reading the whole file in one turn
    // (or parsing it synchronously) would swallow all 500 at once.
    let pulled = 0;
    let pulledSinceTick = 0;
    let mostPerTurn = 0;
    let ticks = 0;
    async function* file() {
      yield 'email,first_name,last_name\n';
      for (let chunk = 0; chunk < 500; chunk++) {
        let text = '';
        for (let i = chunk * 100; i < chunk * 100 + 100; i++) text += `person${i}@example.com,Person,${i}\n`;
        pulled++;
        pulledSinceTick++;
        mostPerTurn = Math.max(mostPerTurn, pulledSinceTick);
        yield text;
      }
      yield 'broken,,\n';
    }
    const timer = setInterval(() => {
      ticks++;
      pulledSinceTick = 0;
    }, 1);
    try {
      const preview = await previewImport(t.core, { accountId: t.account.id, source: file() });
      expect(preview).toMatchObject({ rows: 50_001, newContacts: 50_000, invalidCount: 1 });
    } finally {
      clearInterval(timer);
    }
    expect(pulled).toBe(500);
    expect(ticks).toBeGreaterThan(50);
    // At most a couple of batches (500 rows each) between two timer ticks.
    expect(mostPerTurn).toBeLessThanOrEqual(10);
  });
});
