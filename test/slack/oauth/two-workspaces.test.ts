/**
 * Issue #16, "Two workspaces": the app installed in two Slack workspaces
 * through the real Bolt OAuth flow (only the token exchange is the fake's),
 * each bound to its own account; requests act on their own workspace's
 * account and token, a request naming the other workspace's channel is
 * refused, and uninstalling one leaves the other working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { ADMIN, allText, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.ts';
import { installWorkspace, oauthEnv } from '../support/slack-install.ts';

const ACME = { teamId: 'T0ACME', teamName: 'Acme Academy', userId: ADMIN };
const BETA_ADMIN = 'UBETAADMIN';
const BETA = { teamId: 'T0BETA', teamName: 'Beta School', userId: BETA_ADMIN };

describe.each(testProviders)('Two workspaces on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { ...oauthEnv, PORTAL_ADMINS: `${ADMIN},${BETA_ADMIN}` });
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const installationOf = (teamId: string) =>
    db().slackInstallation.findUniqueOrThrow({ where: { installationKey: teamId } });
  const accountOf = async (teamId: string) =>
    db().account.findUniqueOrThrow({ where: { id: (await installationOf(teamId)).accountId } });
  /** A command from a workspace, and the first thing it posted to its response_url. */
  const reply = async (text: string, from: { team: string; user?: string; channel: string }) => {
    const response = await t.command(text, { team: from.team, user: from.user ?? ADMIN, channel: from.channel });
    expect(response.status).toBe(200);
    const posted = await t.fake.waitFor(() => t.fake.responsesTo(response.responseId)[0]);
    return allText(posted.body);
  };

  it('installs each workspace through /slack/install into an account of its own', async () => {
    const acme = await installWorkspace(t, ACME);
    expect(acme.status).toBe(200);
    expect(acme.page).toContain('Portal Desk is installed in Acme Academy');
    expect(acme.page).toContain('(acme-academy)');
    const beta = await installWorkspace(t, { ...BETA });
    expect(beta.status).toBe(200);
    expect(beta.page).toContain('acts on the portal “Beta School” (beta-school)');

    const [acmeAccount, betaAccount] = [await accountOf('T0ACME'), await accountOf('T0BETA')];
    expect(acmeAccount).toMatchObject({ slug: 'acme-academy', name: 'Acme Academy' });
    expect(betaAccount).toMatchObject({ slug: 'beta-school', name: 'Beta School' });
    expect(new Set([acmeAccount.id, betaAccount.id, t.app.context.defaultAccount.id]).size).toBe(3);
    const installed = await db().auditEvent.findMany({ where: { action: 'slack.installed' } });
    expect(installed.map((e) => [e.accountId, e.actor]).sort()).toEqual(
      [
        [acmeAccount.id, `slack:${ADMIN}`],
        [betaAccount.id, `slack:${BETA_ADMIN}`],
      ].sort(),
    );
  });

  it('invites and /portal stats act on the account of the workspace they come from', async () => {
    await reply('invite ana@example.com, al@example.com', { team: 'T0ACME', channel: 'C0ACME' });
    await reply('invite bo@example.com', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' });
    const acme = await accountOf('T0ACME');
    const beta = await accountOf('T0BETA');
    const emails = async (accountId: string) =>
      (await db().contact.findMany({ where: { accountId }, orderBy: { email: 'asc' } })).map((c) => c.email);
    expect(await emails(acme.id)).toEqual(['al@example.com', 'ana@example.com']);
    expect(await emails(beta.id)).toEqual(['bo@example.com']);
    expect(await emails(t.app.context.defaultAccount.id)).toEqual([]);

    expect(await reply('stats', { team: 'T0ACME', channel: 'C0ACME' })).toContain('Acme Academy: 2 invited');
    expect(await reply('stats', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' })).toContain(
      'Beta School: 1 invited',
    );
  });

  it("publishes App Home with the workspace's own bot token", async () => {
    for (const team of ['T0ACME', 'T0BETA']) {
      const before = t.fake.callsTo('views.publish').length;
      expect(
        (await t.event({ type: 'app_home_opened', user: ADMIN, tab: 'home', channel: 'D0HOME' }, { team })).status,
      ).toBe(200);
      const call = await t.fake.waitFor(() => t.fake.callsTo('views.publish')[before]);
      expect(call.token).toBe(t.fake.oauth.tokenOf(team));
    }
    // Per-account work outside requests (digest, progress) gets the same workspace's client.
    const acmeClient = await t.app.slackDeps!.clients.forAccount((await accountOf('T0ACME')).id);
    expect(acmeClient?.token).toBe(t.fake.oauth.tokenOf('T0ACME'));
    expect(await t.app.slackDeps!.clients.forAccount(t.app.context.defaultAccount.id)).toBeNull();
  });

  it("refuses and audits a request from workspace 1 naming workspace 2's channel", async () => {
    expect(await reply('bind beta-school', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' })).toContain(
      'now acts on *Beta School*',
    );
    const refused = await reply('invite eve@example.com', { team: 'T0ACME', channel: 'C0BETA' });
    expect(refused).toContain('bound to a portal account of another Slack workspace');
    expect(await db().contact.count({ where: { email: 'eve@example.com' } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'slack.workspace_mismatch' } });
    expect(audit.accountId).toBe((await accountOf('T0BETA')).id);
    expect(JSON.parse(audit.metadata ?? '{}')).toMatchObject({
      channelId: 'C0BETA',
      teamId: 'T0ACME',
      boundTeamId: 'T0BETA',
    });
  });

  it('forgets an uninstalled workspace (tokens gone, audited) and keeps serving the other', async () => {
    const beta = await accountOf('T0BETA');
    t.fake.oauth.revoke('T0BETA');
    expect((await t.event({ type: 'app_uninstalled' }, { team: 'T0BETA' })).status).toBe(200);
    await expect.poll(async () => (await installationOf('T0BETA')).uninstalledAt, { timeout: 5000 }).not.toBeNull();
    expect(await installationOf('T0BETA')).toMatchObject({
      botTokenSealed: null,
      refreshTokenSealed: null,
      accountId: beta.id,
    });
    expect(await db().auditEvent.count({ where: { action: 'slack.uninstalled', accountId: beta.id } })).toBe(1);
    expect(await t.app.slackDeps!.clients.forAccount(beta.id)).toBeNull();

    // Beta's requests find no installation: Bolt runs no listener, so nothing is invited.
    const late = await t.command('invite late@example.com', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' });
    expect(late.status).toBe(200);
    expect(await reply('stats', { team: 'T0ACME', channel: 'C0ACME' })).toContain('Acme Academy: 2 invited');
    expect(t.fake.responsesTo(late.responseId)).toEqual([]);
    expect(await db().contact.count({ where: { email: 'late@example.com' } })).toBe(0);
  });
});
