/**
 * `portal-desk admins …` (issue #16) as a script runs it: a child process on a real database, per --account.
 * Each CLI start takes seconds on a loaded machine, hence the long per-test timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { openCliWorkspace, type CliWorkspace } from '../support/cli-process.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';

describe.each(testProviders)('CLI admins (child process), on %s', (provider) => {
  let ws: CliWorkspace;
  const cli = (...args: string[]) => ws.cli(...args);
  beforeAll(async () => {
    ws = await openCliWorkspace(provider, 'admins');
    await createAccount(ws.core, { name: 'Acme Academy', slug: 'acme', actor: 'system' });
  });
  afterAll(async () => {
    await ws?.close();
  });

  it('adds, lists and removes the admins of the account named with --account, audited as the system', async () => {
    const added = await cli('admins', 'add', 'UMARIA01', 's0leads', '--account', 'acme');
    expect(added).toEqual({
      code: 0,
      out: 'UMARIA01 is now an admin of acme.\nS0LEADS is now an admin of acme.',
      err: '',
    });
    expect((await cli('admins', 'add', 'UMARIA01', '--account', 'acme')).out).toBe(
      'UMARIA01 was already an admin of acme.',
    );
    const listed = await cli('admins', 'list', '--account', 'acme');
    expect(listed.out).toMatch(
      /^2 admin\(s\) of acme:\n {2}UMARIA01 {2}user {2}added by system on \d{4}-\d\d-\d\d\n {2}S0LEADS {2}user group {2}added by system on/,
    );
    const json = JSON.parse((await cli('admins', 'list', '--account', 'acme', '--json')).out);
    expect(json.map((a: { subject: string }) => a.subject)).toEqual(['UMARIA01', 'S0LEADS']);
    // The default account has none of acme's admins.
    expect((await cli('admins', 'list')).out).toBe(
      'default has no admins of its own; operators (PORTAL_OPERATORS) administer it.',
    );
    expect(await cli('admins', 'remove', 'S0LEADS', '--account', 'acme')).toMatchObject({
      code: 0,
      out: 'S0LEADS no longer administers acme.',
    });
    const acme = await ws.db.account.findUniqueOrThrow({ where: { slug: 'acme' } });
    const events = await ws.db.auditEvent.findMany({
      where: { accountId: acme.id, action: { startsWith: 'account.admin_' } },
    });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['account.admin_added', 'system'],
      ['account.admin_added', 'system'],
      ['account.admin_removed', 'system'],
    ]);
  }, 120_000);

  it('refuses bad ids naming the field, a non-admin with exit 1, and usage mistakes with exit 2', async () => {
    const bad = await cli('admins', 'add', 'maria', '--account', 'acme');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('error: subject: a Slack user id (U…, W…) or user group id (S…)');
    const gone = await cli('admins', 'remove', 'UNOBODY1', '--account', 'acme');
    expect(gone).toMatchObject({ code: 1, err: 'error: subject: UNOBODY1 is not an admin of the account acme' });
    expect((await cli('admins')).code).toBe(2);
    expect((await cli('admins', 'add')).code).toBe(2);
    expect((await cli('admins', 'list', 'extra')).code).toBe(2);
  }, 120_000);
});
