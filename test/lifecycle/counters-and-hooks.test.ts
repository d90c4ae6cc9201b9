import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { upsertContact } from '../../src/core/contacts/upsert-contact.ts';
import { countPortalUsers } from '../../src/core/stats/count-portal-users.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { deactivateContact } from '../../src/core/lifecycle/deactivate-contact.ts';
import { reactivateContact } from '../../src/core/lifecycle/reactivate-contact.ts';
import { eraseContact } from '../../src/core/lifecycle/erase-contact.ts';
import { signOutEverywhere } from '../../src/core/lifecycle/sign-out-everywhere.ts';
import type { AccessEndedReason } from '../../src/core/core.ts';
import { invited, signedIn } from './lifecycle-fixture.ts';

describe.each(testProviders)(
  'lifecycle counters under concurrency, and the contactAccessEnded hook, on %s',
  (provider) => {
    let t: TestCore;
    const ended: Array<{ contactId: string; reason: AccessEndedReason }> = [];
    beforeAll(async () => {
      t = await createTestCore(provider);
      t.core.hooks.contactAccessEnded.push(async (_core, tx, event) => {
        // Runs inside the change's transaction: the contact row is visible (or, for erasure, already gone).
        const row = await tx.contact.findUnique({ where: { id: event.contactId }, select: { status: true } });
        ended.push({ contactId: event.contactId, reason: event.reason });
        if (event.reason === 'deactivated') expect(row?.status).toBe('deactivated');
      });
    });
    afterAll(() => t?.close());
    const counted = async () => {
      const stats = await countPortalUsers(t.core, { accountId: t.account.id });
      return { invited: stats.invited, active: stats.active, deactivated: stats.deactivated };
    };

    it('counts each contact once however many deactivations, reactivations and erasures race', async () => {
      const accountId = t.account.id;
      const contacts = [
        (await invited(t.core, accountId, 'race-invited@example.com')).contactId,
        (await signedIn(t.core, accountId, 'race-active@example.com')).contactId,
        (await upsertContact(t.core, { accountId, email: 'race-none@example.com', actor: 'system' })).contact.id,
      ];
      for (const contactId of contacts) {
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, () => deactivateContact(t.core, { accountId, contactId, actor: 'system' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled' && r.value.changed)).toHaveLength(1);
      }
      expect(await counted()).toEqual({ invited: 0, active: 0, deactivated: 3 });
      expect(await recountPortalUsers(t.core, { accountId })).toEqual(await counted());
      await Promise.allSettled(
        contacts.flatMap((contactId) => [
          reactivateContact(t.core, { accountId, contactId, actor: 'system' }),
          reactivateContact(t.core, { accountId, contactId, actor: 'system' }),
        ]),
      );
      expect(await counted()).toEqual({ invited: 1, active: 1, deactivated: 0 });
      expect((await t.core.db.contact.findUniqueOrThrow({ where: { id: contacts[2]! } })).status).toBe('none');
      // Erase and deactivate at once: whichever wins, the counters end equal to a recount.
      await Promise.allSettled(
        contacts.flatMap((contactId) => [
          eraseContact(t.core, { accountId, lookup: contactId, actor: 'system' }),
          deactivateContact(t.core, { accountId, contactId, actor: 'system' }),
        ]),
      );
      expect(await t.core.db.contact.count({ where: { id: { in: contacts } } })).toBe(0);
      expect(await counted()).toEqual({ invited: 0, active: 0, deactivated: 0 });
      expect(await recountPortalUsers(t.core, { accountId })).toEqual(await counted());
    });

    it('runs contactAccessEnded for deactivate, erase and sign out everywhere', async () => {
      ended.length = 0;
      const accountId = t.account.id;
      const a = (await signedIn(t.core, accountId, 'hook-a@example.com')).contactId;
      const b = (await signedIn(t.core, accountId, 'hook-b@example.com')).contactId;
      await signOutEverywhere(t.core, { accountId, contactId: a, actor: 'system' });
      await deactivateContact(t.core, { accountId, contactId: a, actor: 'system' });
      await eraseContact(t.core, { accountId, lookup: b, actor: 'system' });
      expect(ended).toEqual([
        { contactId: a, reason: 'signed_out_everywhere' },
        { contactId: a, reason: 'deactivated' },
        { contactId: b, reason: 'erased' },
      ]);
    });
  },
);
