/** Operators' account management (issue #16, first slice): the core functions on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { listAccounts } from '../../src/core/accounts/list-accounts.ts';
import { renameAccount } from '../../src/core/accounts/rename-account.ts';
import { archiveAccount } from '../../src/core/accounts/archive-account.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { isAppError } from '../../src/core/shared/errors.ts';
import { claimSendGroup } from '../../src/core/outbox/claim-send-group.ts';
import { prepareSendGroup } from '../../src/core/outbox/prepare-send-group.ts';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as Error,
  );

describe.each(testProviders)('operators manage accounts, on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
  });
  afterAll(() => t?.close());

  async function audit(accountId: string, action: string) {
    return t.core.db.auditEvent.findMany({ where: { accountId, action }, orderBy: { createdAt: 'asc' } });
  }

  it('creates an account with a slug, its portal URL under PUBLIC_URL by default, audited with the actor', async () => {
    const acme = await createAccount(t.core, { name: 'Acme Academy', slug: 'acme', actor: 'slack:UOPS1' });
    expect(acme).toMatchObject({ slug: 'acme', name: 'Acme Academy', portalUrl: 'http://portal.test/a/acme' });
    expect(acme.archivedAt).toBeNull();
    const [event] = await audit(acme.id, 'account.created');
    expect(event).toMatchObject({ actor: 'slack:UOPS1', subject: `account:${acme.id}` });
  });

  it('refuses a taken slug with a conflict naming it, and a bad slug naming the field', async () => {
    const taken = await failure(createAccount(t.core, { name: 'Acme again', slug: 'ACME', actor: 'system' }));
    expect(isAppError(taken, 'conflict')).toBe(true);
    expect(taken.message).toBe('slug: an account with slug "acme" exists');
    for (const slug of ['with space', 'UNDER_SCORE', '-leading', 'ünï', '']) {
      const bad = await failure(createAccount(t.core, { name: 'Bad', slug, actor: 'system' }));
      expect(isAppError(bad, 'invalid_input')).toBe(true);
      expect(bad.message).toMatch(/^slug: /);
    }
  });

  it('lets exactly one of two simultaneous creates of one slug win; the other gets the same conflict', async () => {
    const results = await Promise.allSettled(
      ['Race One', 'Race Two', 'Race Three'].map((name) =>
        createAccount(t.core, { name, slug: 'race', actor: 'system' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(isAppError(r.reason, 'conflict')).toBe(true);
      expect((r.reason as Error).message).toMatch(/slug "race"/);
    }
    expect(await t.core.db.account.count({ where: { slug: 'race' } })).toBe(1);
  });

  it('renames an account (the slug stays), audited with both names; refuses an empty name and an unknown slug', async () => {
    const renamed = await renameAccount(t.core, { slug: 'acme', name: '  Acme Academy Pro ', actor: 'api:key1' });
    expect(renamed).toMatchObject({ slug: 'acme', name: 'Acme Academy Pro' });
    const [event] = await audit(renamed.id, 'account.renamed');
    expect(event!.actor).toBe('api:key1');
    expect(JSON.parse(event!.metadata)).toEqual({ from: 'Acme Academy', to: 'Acme Academy Pro' });
    const empty = await failure(renameAccount(t.core, { slug: 'acme', name: '   ', actor: 'system' }));
    expect(isAppError(empty, 'invalid_input')).toBe(true);
    expect(empty.message).toMatch(/name/);
    const ghost = await failure(renameAccount(t.core, { slug: 'ghost', name: 'Ghost', actor: 'system' }));
    expect(isAppError(ghost, 'account_not_found')).toBe(true);
  });

  it('archives an account: no new invites or links, left out of the list, archived once; the default refuses', async () => {
    const beta = await createAccount(t.core, { name: 'Beta School', slug: 'beta', actor: 'system' });
    await inviteContacts(t.core, { accountId: beta.id, invitees: ['ana@example.com'], actor: 'system' });
    const ana = await t.core.db.contact.findFirstOrThrow({ where: { accountId: beta.id } });

    const [first, second] = await Promise.all([
      archiveAccount(t.core, { slug: 'beta', actor: 'slack:UOPS1' }),
      archiveAccount(t.core, { slug: 'beta', actor: 'slack:UOPS2' }),
    ]);
    expect(first.archivedAt).toBeInstanceOf(Date);
    expect(second.archivedAt!.getTime()).toBe(first.archivedAt!.getTime());
    expect(await audit(beta.id, 'account.archived')).toHaveLength(1);

    const invite = await failure(
      inviteContacts(t.core, { accountId: beta.id, invitees: ['bo@example.com'], actor: 'system' }),
    );
    expect(isAppError(invite, 'account_archived')).toBe(true);
    expect(invite.message).toMatch(/"beta" is archived/);
    const link = await failure(createMagicLink(t.core, { accountId: beta.id, contactId: ana.id, actor: 'system' }));
    expect(isAppError(link, 'account_archived')).toBe(true);
    expect(await t.core.db.contact.count({ where: { accountId: beta.id } })).toBe(1);

    expect((await listAccounts(t.core)).map((a) => a.slug)).not.toContain('beta');
    const all = await listAccounts(t.core, { includeArchived: true });
    expect(all[0]!.slug).toBe('default');
    expect(all.map((a) => a.slug)).toEqual(expect.arrayContaining(['default', 'acme', 'race', 'beta']));

    const keep = await failure(archiveAccount(t.core, { slug: 'default', actor: 'system' }));
    expect(isAppError(keep, 'forbidden')).toBe(true);
    expect(keep.message).toMatch(/default account cannot be archived/);
    // An account that is not archived still invites.
    const acme = all.find((a) => a.slug === 'acme')!;
    const ok = await inviteContacts(t.core, { accountId: acme.id, invitees: ['cy@example.com'], actor: 'system' });
    expect(ok.invited).toHaveLength(1);
  });

  it('refuses to send what an account queued before it was archived, without failing other accounts in the group', async () => {
    const gamma = await createAccount(t.core, { name: 'Gamma', slug: 'gamma', actor: 'system' });
    const delta = await createAccount(t.core, { name: 'Delta', slug: 'delta', actor: 'system' });
    for (const account of [gamma, delta])
      await inviteContacts(t.core, { accountId: account.id, invitees: ['dee@example.com'], actor: 'system' });
    await archiveAccount(t.core, { slug: 'gamma', actor: 'system' });
    const claimed = await claimSendGroup(t.core, { channel: 'email', bulk: false, limit: 50, workerId: 'w1' });
    const prepared = await prepareSendGroup(t.core, { messages: claimed });
    const of = (accountId: string) => prepared.find((p) => p.message.accountId === accountId)!;
    expect(of(gamma.id)).toMatchObject({ ok: false, code: 'account_archived' });
    expect(of(delta.id).ok).toBe(true);
  });
});
