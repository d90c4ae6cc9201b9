/** `portal-desk accounts install-link` as an operator runs it: a child process whose link the service accepts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCliWorkspace, runCli, type CliWorkspace } from '../../support/cli-process.ts';
import { createAccount } from '../../../src/core/accounts/create-account.ts';
import { linkKeyFromSecret } from '../../../src/core/links/link-keys.ts';
import { openInstallLink } from '../../../src/core/slack-installations/install-link.ts';

const SESSION_SECRET = 'cli-install-link-session-secret-0123456789abcdef';

describe('CLI accounts install-link (child process)', () => {
  let ws: CliWorkspace;
  beforeAll(async () => {
    ws = await openCliWorkspace('sqlite', 'install-link');
    await createAccount(ws.core, { name: 'Acme Academy', slug: 'acme' });
  });
  afterAll(() => ws?.close());
  const cli = (...args: string[]) => ws.cli(...args);
  const serviceKeys = { linkKeys: [linkKeyFromSecret(SESSION_SECRET)], now: () => new Date() };

  it("prints a link that binds an install to the account, signed with the service's key", async () => {
    const printed = await runCli({ ...ws.env, SESSION_SECRET }, [
      'accounts',
      'install-link',
      'acme',
      '--hours',
      '2',
      '--json',
    ]);
    expect(printed.code).toBe(0);
    const { url, account, expiresAt } = JSON.parse(printed.out) as { url: string; account: string; expiresAt: string };
    expect(account).toBe('acme');
    expect(url.startsWith('https://desk.example.com/slack/install?account=')).toBe(true);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(110 * 60_000);
    const acme = await ws.db.account.findUniqueOrThrow({ where: { slug: 'acme' } });
    expect(openInstallLink(serviceKeys, new URL(url).searchParams.get('account')!)).toEqual({ accountId: acme.id });
    // Another service's key does not open it.
    expect(
      openInstallLink(
        { ...serviceKeys, linkKeys: [linkKeyFromSecret('another-secret-0123456789abcdef012345')] },
        new URL(url).searchParams.get('account')!,
      ),
    ).toBeNull();
    expect(await ws.db.auditEvent.count({ where: { action: 'slack.install_link_created', accountId: acme.id } })).toBe(
      1,
    );
  });

  it('says what is wrong with an unknown account, bad hours, or no slug', async () => {
    const unknown = await cli('accounts', 'install-link', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('error: no account nobody');
    const hours = await cli('accounts', 'install-link', 'acme', '--hours', '500');
    expect(hours.code).toBe(1);
    expect(hours.err).toBe('error: hours: at most 168 (7 days)');
    const usage = await cli('accounts', 'install-link');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('accounts install-link acme [--hours 24]');
  });
});
