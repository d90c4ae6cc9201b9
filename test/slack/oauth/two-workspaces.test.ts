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
import { updateSettings } from '../../../src/core/settings/update-settings.ts';
import { postDigests } from '../../../src/slack/digest.ts';

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
    await reply('invite ana@example.com, al@example.com, abe@example.com', { team: 'T0ACME', channel: 'C0ACME' });
    await reply('invite bo@example.com, bea@example.com', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' });
    const acme = await accountOf('T0ACME');
    const beta = await accountOf('T0BETA');
    const emails = async (accountId: string) =>
      (await db().contact.findMany({ where: { accountId }, orderBy: { email: 'asc' } })).map((c) => c.email);
    expect(await emails(acme.id)).toEqual(['abe@example.com', 'al@example.com', 'ana@example.com']);
    expect(await emails(beta.id)).toEqual(['bea@example.com', 'bo@example.com']);
    expect(await emails(t.app.context.defaultAccount.id)).toEqual([]);

    expect(await reply('stats', { team: 'T0ACME', channel: 'C0ACME' })).toContain('Acme Academy: 3 invited');
    expect(await reply('stats', { team: 'T0BETA', user: BETA_ADMIN, channel: 'C0BETA' })).toContain(
      'Beta School: 2 invited',
    );
  });

  it("posts each bulk job's progress, and its updates, through its own workspace's token", async () => {
    const progressIn = (channel: string) =>
      [...t.fake.callsTo('chat.postMessage'), ...t.fake.callsTo('chat.update')].filter(
        (c) => c.args.channel === channel && String(c.args.text).startsWith('Invites:'),
      );
    await t.app.outbox.drain();
    for (const [team, channel, total] of [
      ['T0ACME', 'C0ACME', 3],
      ['T0BETA', 'C0BETA', 2],
    ] as const) {
      await t.fake.waitFor(() => progressIn(channel).find((c) => String(c.args.text).endsWith(`of ${total} (done)`)));
      const calls = progressIn(channel);
      expect(calls.map((c) => c.token)).toEqual(calls.map(() => t.fake.oauth.tokenOf(team)));
    }
  });

  it("publishes App Home with the workspace's own bot token, account name and numbers", async () => {
    for (const [team, user, own, other, invited] of [
      ['T0ACME', ADMIN, 'Acme Academy', 'Beta School', 3],
      ['T0BETA', BETA_ADMIN, 'Beta School', 'Acme Academy', 2],
    ] as const) {
      const before = t.fake.callsTo('views.publish').length;
      expect((await t.event({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' }, { team })).status).toBe(
        200,
      );
      const call = await t.fake.waitFor(() => t.fake.callsTo('views.publish')[before]);
      expect(call.token).toBe(t.fake.oauth.tokenOf(team));
      const view = call.args.view as { private_metadata: string };
      expect(JSON.parse(view.private_metadata).a).toBe((await accountOf(team)).id);
      const shown = allText(view);
      expect(shown).toContain(`${own}: Portal Desk`);
      expect(shown).toContain(`*Invited (not yet active)*\n${invited}`);
      expect(shown).not.toContain(other);
    }
    // Per-account work outside requests (digest, progress) gets the same workspace's client.
    const acmeClient = await t.app.slackDeps!.clients.forAccount((await accountOf('T0ACME')).id);
    expect(acmeClient?.token).toBe(t.fake.oauth.tokenOf('T0ACME'));
    expect(await t.app.slackDeps!.clients.forAccount(t.app.context.defaultAccount.id)).toBeNull();
  });

  it("posts each workspace's daily digest to its account's channel, with its own token and numbers", async () => {
    const core = t.app.context.core;
    for (const [team, channel] of [
      ['T0ACME', 'C0ACMEDIGEST'],
      ['T0BETA', 'C0BETADIGEST'],
    ] as const)
      await updateSettings(core, { accountId: (await accountOf(team)).id, digestChannel: channel, actor: 'system' });
    expect(await postDigests(t.app.slackDeps!)).toBe(2);
    const digestIn = (channel: string) => t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
    const [acme] = digestIn('C0ACMEDIGEST');
    const [beta] = digestIn('C0BETADIGEST');
    expect(acme?.token).toBe(t.fake.oauth.tokenOf('T0ACME'));
    expect(String(acme?.args.text)).toMatch(/^Acme Academy: 3 invited, 0 active/);
    expect(allText(acme?.args.blocks)).toContain('Acme Academy: daily portal stats');
    expect(beta?.token).toBe(t.fake.oauth.tokenOf('T0BETA'));
    expect(String(beta?.args.text)).toMatch(/^Beta School: 2 invited, 0 active/);
    expect(allText(beta?.args.blocks)).not.toContain('Acme');
    // Once a day: a second run posts nothing.
    expect(await postDigests(t.app.slackDeps!)).toBe(0);
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
    expect(await reply('stats', { team: 'T0ACME', channel: 'C0ACME' })).toContain('Acme Academy: 3 invited');
    expect(t.fake.responsesTo(late.responseId)).toEqual([]);
    expect(await db().contact.count({ where: { email: 'late@example.com' } })).toBe(0);
  });
});
