/** Account admins (issue #16): the core functions every surface calls, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';
import { addAccountAdmin } from '../../src/core/admins/add-account-admin.ts';
import { removeAccountAdmin } from '../../src/core/admins/remove-account-admin.ts';
import { listAccountAdmins } from '../../src/core/admins/list-account-admins.ts';
import { findAccountByRef } from '../../src/core/accounts/find-account-by-ref.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as Error,
  );

describe.each(testProviders)('account admins in core, on %s', (provider) => {
  let t: TestCore;
  let acme: Account;
  let beta: Account;
  beforeAll(async () => {
    t = await createTestCore(provider);
    acme = await createAccount(t.core, { name: 'Acme Academy', slug: 'acme', actor: 'system' });
    beta = await createAccount(t.core, { name: 'Beta Co', slug: 'beta', actor: 'system' });
  });
  afterAll(() => t?.close());

  const audit = (accountId: string, action: string) =>
    t.core.db.auditEvent.findMany({ where: { accountId, action }, orderBy: { createdAt: 'asc' } });

  it('adds a user and a user group to one account only, audited once each; adding again changes nothing', async () => {
    const first = await addAccountAdmin(t.core, { accountId: acme.id, subject: 'umaria1', actor: 'slack:UOPS' });
    expect(first).toMatchObject({ added: true, admin: { subject: 'UMARIA1', kind: 'user', createdBy: 'slack:UOPS' } });
    t.clock.advance(1000);
    const group = await addAccountAdmin(t.core, { accountId: acme.id, subject: 'S0LEADS', actor: 'system' });
    expect(group.admin.kind).toBe('group');
    const again = await addAccountAdmin(t.core, { accountId: acme.id, subject: 'UMARIA1', actor: 'slack:UOTHER' });
    expect(again).toMatchObject({ added: false, admin: { createdBy: 'slack:UOPS' } });
    expect((await listAccountAdmins(t.core, { accountId: acme.id })).map((a) => a.subject)).toEqual([
      'UMARIA1',
      'S0LEADS',
    ]);
    expect(await listAccountAdmins(t.core, { accountId: beta.id })).toEqual([]);
    const events = await audit(acme.id, 'account.admin_added');
    expect(events.map((e) => [e.actor, e.subject])).toEqual([
      ['slack:UOPS', 'slack:UMARIA1'],
      ['system', 'slack:S0LEADS'],
    ]);
  });

  it('lets one of several simultaneous adds of one subject write, the others answer "already"', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => addAccountAdmin(t.core, { accountId: beta.id, subject: 'URACE', actor: 'system' })),
    );
    expect(results.filter((r) => r.added)).toHaveLength(1);
    expect(await audit(beta.id, 'account.admin_added')).toHaveLength(1);
  });

  it('refuses what is not a Slack user or group id, naming the field, and an unknown account', async () => {
    for (const subject of ['maria', '@maria', 'C0CHANNEL', 'U', '<@U123>', '']) {
      const bad = await failure(addAccountAdmin(t.core, { accountId: acme.id, subject, actor: 'system' }));
      expect(isAppError(bad, 'invalid_input'), subject).toBe(true);
      expect(bad.message).toMatch(/^subject: /);
    }
    const ghost = await failure(addAccountAdmin(t.core, { accountId: 'nope', subject: 'U123', actor: 'system' }));
    expect(isAppError(ghost, 'account_not_found')).toBe(true);
  });

  it('removes an admin (audited); removing a non-admin is not_found naming the subject and the account', async () => {
    await removeAccountAdmin(t.core, { accountId: acme.id, subject: 'umaria1', actor: 'slack:ULEAD' });
    expect((await listAccountAdmins(t.core, { accountId: acme.id })).map((a) => a.subject)).toEqual(['S0LEADS']);
    const [removed] = await audit(acme.id, 'account.admin_removed');
    expect(removed).toMatchObject({ actor: 'slack:ULEAD', subject: 'slack:UMARIA1' });
    const gone = await failure(removeAccountAdmin(t.core, { accountId: acme.id, subject: 'UMARIA1', actor: 'system' }));
    expect(isAppError(gone, 'not_found')).toBe(true);
    expect(gone.message).toBe('subject: UMARIA1 is not an admin of the account acme');
    // An admin of beta is not one of acme: removal is per account.
    const elsewhere = await failure(
      removeAccountAdmin(t.core, { accountId: acme.id, subject: 'URACE', actor: 'system' }),
    );
    expect(isAppError(elsewhere, 'not_found')).toBe(true);
    expect(await audit(acme.id, 'account.admin_removed')).toHaveLength(1);
  });

  it('finds an account by slug or id, and says which when neither matches', async () => {
    expect((await findAccountByRef(t.core, { ref: 'ACME' })).id).toBe(acme.id);
    expect((await findAccountByRef(t.core, { ref: beta.id })).slug).toBe('beta');
    const none = await failure(findAccountByRef(t.core, { ref: 'ghost' }));
    expect(isAppError(none, 'account_not_found')).toBe(true);
    expect(none.message).toBe('account: no account with slug or id "ghost"');
  });
});
