/**
 * OAuth installs beyond two plain workspaces: an Enterprise Grid org-wide
 * install serving two teams, token rotation (once under a burst of
 * requests), an operator's install link choosing the account, refused
 * install attempts, and tokens sealed at rest.
 */
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { createAccount } from '../../../src/core/accounts/create-account.ts';
import { archiveAccount } from '../../../src/core/accounts/archive-account.ts';
import { createInstallLink } from '../../../src/core/slack-installations/create-install-link.ts';
import { signInstallLink } from '../../../src/core/slack-installations/install-link.ts';
import { ADMIN, allText, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.ts';
import { installWorkspace, oauthEnv } from '../support/slack-install.ts';

describe.each(testProviders)('Slack installs on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, oauthEnv);
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const core = () => t.app.context.core;
  const stats = async (from: { team: string; enterprise?: string; isEnterpriseInstall?: boolean }) => {
    const response = await t.command('stats', { ...from, channel: `C${from.team}` });
    expect(response.status).toBe(200);
    return allText((await t.fake.waitFor(() => t.fake.responsesTo(response.responseId)[0])).body);
  };

  it('an org-wide (Enterprise Grid) install serves every team of the organisation, with its one token', async () => {
    const page = await installWorkspace(t, {
      enterpriseId: 'E0ORG',
      enterpriseName: 'Orbit Group',
      isEnterpriseInstall: true,
      userId: ADMIN,
    });
    expect(page.status).toBe(200);
    expect(page.page).toContain('installed in Orbit Group');
    const row = await db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'E0ORG' } });
    expect(row).toMatchObject({ isEnterpriseInstall: true, teamId: null, enterpriseId: 'E0ORG' });
    for (const team of ['T0ORG1', 'T0ORG2'])
      expect(await stats({ team, enterprise: 'E0ORG', isEnterpriseInstall: true })).toContain('Orbit Group: 0 invited');
    const before = t.fake.callsTo('views.publish').length;
    await t.event(
      { type: 'app_home_opened', user: ADMIN, tab: 'home', channel: 'D0' },
      { team: 'T0ORG2', enterprise: 'E0ORG', isEnterpriseInstall: true },
    );
    expect((await t.fake.waitFor(() => t.fake.callsTo('views.publish')[before])).token).toBe(
      t.fake.oauth.tokenOf('E0ORG'),
    );
    // A team of another organisation is not served by it.
    const stranger = await t.command('stats', { team: 'T0OTHER', enterprise: 'E0OTHER', channel: 'C0OTHER' });
    expect(stranger.status).toBe(200);
    await stats({ team: 'T0ORG1', enterprise: 'E0ORG', isEnterpriseInstall: true });
    expect(t.fake.responsesTo(stranger.responseId)).toEqual([]);
  });

  it('a team installed within an organisation answers only for that organisation', async () => {
    await installWorkspace(t, { teamId: 'T0GRID', teamName: 'Grid Team', enterpriseId: 'E0GRID', userId: ADMIN });
    expect(await stats({ team: 'T0GRID', enterprise: 'E0GRID' })).toContain('Grid Team: 0 invited');
    const wrong = await t.command('stats', { team: 'T0GRID', enterprise: 'E0WRONG', channel: 'C0GRID' });
    expect(wrong.status).toBe(200);
    await stats({ team: 'T0GRID', enterprise: 'E0GRID' });
    expect(t.fake.responsesTo(wrong.responseId)).toEqual([]);
  });

  it('rotates an expiring token once, however many requests arrive together', async () => {
    await installWorkspace(t, { teamId: 'T0ROT', teamName: 'Rotor', userId: ADMIN, expiresIn: 3600 });
    const first = t.fake.oauth.tokenOf('T0ROT')!;
    expect(first.startsWith('xoxe.xoxb-')).toBe(true);
    const before = t.fake.callsTo('views.publish').length;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.event({ type: 'app_home_opened', user: `UROT${i}`, tab: 'home', channel: 'D0' }, { team: 'T0ROT' }),
      ),
    );
    const published = await t.fake.waitFor(() => {
      const calls = t.fake.callsTo('views.publish').slice(before);
      return calls.length === 6 && calls;
    });
    expect(t.fake.oauth.refreshGrants).toBe(1);
    const rotated = t.fake.oauth.tokenOf('T0ROT')!;
    expect(rotated).not.toBe(first);
    expect(new Set(published.map((c) => c.token))).toEqual(new Set([rotated]));
    const row = await db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'T0ROT' } });
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3 * 3600_000);
    expect(await db().auditEvent.count({ where: { action: 'slack.token_rotated', accountId: row.accountId } })).toBe(1);
  });

  it("an operator's install link binds the workspace to the chosen account", async () => {
    const acme = await createAccount(core(), { name: 'Acme', slug: 'acme' });
    const link = await createInstallLink(core(), { slug: 'acme', hours: 1 });
    expect(link.url).toMatch(/\/slack\/install\?account=[\w-]+\.[\w-]+$/);
    const page = await installWorkspace(
      t,
      { teamId: 'T0LINK', teamName: 'Linked Co', userId: ADMIN },
      { link: link.url },
    );
    expect(page.page).toContain('acts on the portal “Acme” (acme)');
    expect(await stats({ team: 'T0LINK' })).toContain('Acme: 0 invited');
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'slack.installed', accountId: acme.id } });
    expect(JSON.parse(audit.metadata ?? '{}')).toMatchObject({ accountCreated: false, teamId: 'T0LINK' });
    expect(await db().account.count({ where: { slug: { startsWith: 'linked-co' } } })).toBe(0);
  });

  it('refuses an altered or expired install link, a lost state cookie, and an archived account', async () => {
    const acme = await db().account.findUniqueOrThrow({ where: { slug: 'acme' } });
    const good = (await createInstallLink(core(), { slug: 'acme' })).url;
    const [payload, signature] = new URL(good).searchParams.get('account')!.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ a: t.app.context.defaultAccount.id, e: 9_999_999_999 })).toString(
      'base64url',
    );
    const expired = signInstallLink(core(), acme.id, new Date(Date.now() - 1000));
    for (const token of [`${otherPayload}.${signature}`, `${payload}.x${signature}`, expired, 'nonsense']) {
      const response = await fetch(`${t.app.url}/slack/install?account=${encodeURIComponent(token)}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('It has expired or was altered. Ask whoever sent it for a new one');
    }

    const start = await fetch(`${t.app.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const code = t.fake.oauth.approve({ teamId: 'T0NOCOOKIE', teamName: 'No Cookie', userId: ADMIN });
    const lost = await fetch(`${t.app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`);
    expect(lost.status).toBe(400);
    expect(await lost.text()).toContain('started in another browser or more than 10 minutes ago');
    expect(await db().slackInstallation.count({ where: { installationKey: 'T0NOCOOKIE' } })).toBe(0);

    const archivedLink = (await createInstallLink(core(), { slug: 'acme' })).url;
    await archiveAccount(core(), { slug: 'acme', actor: 'system' });
    const refused = await installWorkspace(
      t,
      { teamId: 'T0LATE', teamName: 'Late', userId: ADMIN },
      { link: archivedLink },
    );
    expect(refused.status).toBe(400);
    expect(refused.page).toContain('the account &quot;acme&quot; is archived');
    expect(await db().slackInstallation.count({ where: { installationKey: 'T0LATE' } })).toBe(0);
  });

  it('keeps tokens sealed at rest and out of the logs', async () => {
    const tokens = [...t.fake.oauth.tokens.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const rows = await db().slackInstallation.findMany();
    const stored = JSON.stringify(rows);
    const logs = t.logs.join('\n');
    for (const token of tokens) {
      expect(stored).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    if (provider === 'sqlite') {
      const file = t.app.context.config.databaseUrl.replace(/^file:/, '');
      const bytes = [file, `${file}-wal`]
        .filter(existsSync)
        .map((f) => readFileSync(f).toString('latin1'))
        .join('');
      expect(bytes).toContain('SlackInstallation');
      for (const token of tokens) expect(bytes).not.toContain(token);
    }
  });
  it('tokens_revoked for user tokens changes nothing; for the bot token it forgets the workspace', async () => {
    await installWorkspace(t, { teamId: 'T0REV', teamName: 'Revoked', userId: ADMIN });
    await t.event({ type: 'tokens_revoked', tokens: { oauth: [ADMIN] } }, { team: 'T0REV' });
    expect(await stats({ team: 'T0REV' })).toContain('Revoked: 0 invited');
    const row = () => db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'T0REV' } });
    expect((await row()).uninstalledAt).toBeNull();
    await t.event({ type: 'tokens_revoked', tokens: { bot: ['UBT0REV'] } }, { team: 'T0REV' });
    await expect.poll(async () => (await row()).uninstalledAt, { timeout: 5000 }).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: 'slack.uninstalled', accountId: (await row()).accountId },
    });
    expect(JSON.parse(audit.metadata ?? '{}')).toMatchObject({ reason: 'tokens_revoked', teamId: 'T0REV' });
  });

  it('uninstalling an org-wide install stops every team of the organisation', async () => {
    t.fake.oauth.revoke('E0ORG');
    await t.event({ type: 'app_uninstalled' }, { team: 'T0ORG1', enterprise: 'E0ORG', isEnterpriseInstall: true });
    const row = () => db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'E0ORG' } });
    await expect.poll(async () => (await row()).uninstalledAt, { timeout: 5000 }).not.toBeNull();
    expect(await row()).toMatchObject({ botTokenSealed: null, refreshTokenSealed: null });
    const orphan = await t.command('stats', {
      team: 'T0ORG2',
      enterprise: 'E0ORG',
      isEnterpriseInstall: true,
      channel: 'C0ORG2',
    });
    expect(orphan.status).toBe(200);
    await stats({ team: 'T0ROT' });
    expect(t.fake.responsesTo(orphan.responseId)).toEqual([]);
  });
});

describe('Slack for many workspaces, with Slack unreachable at start', () => {
  it('marks Slack degraded, keeps serving, and recovers when Slack answers again', async () => {
    const t = await startSlackTestApp('sqlite', oauthEnv, {
      beforeStart: (fake) => fake.fail('api.test', 'service_unavailable'),
      retry: { firstDelayMs: 50, maxDelayMs: 200 },
    });
    try {
      expect(t.app.slackHealth()).toMatchObject({ state: 'degraded', lastError: 'service_unavailable' });
      expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${t.app.url}/slack/install`, { redirect: 'manual' })).status).toBe(302);
      t.fake.clearFailures();
      await expect.poll(() => t.app.slackHealth().state, { timeout: 5000 }).toBe('ok');
    } finally {
      await t.close();
    }
  });
});
