/**
 * `/portal accounts install-link <slug> [hours]` through the real Bolt app in
 * OAuth mode: an operator gets the CLI's link, privately, and a workspace
 * installed through it is bound to the account; an account admin is refused
 * with the operators to ask, and `/portal help` shows it to operators only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { createAccount } from '../../../src/core/accounts/create-account.ts';
import { ADMIN, allText, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.ts';
import { installWorkspace, oauthEnv } from '../support/slack-install.ts';

const LEAD = 'UACMELEAD';
const CHANNEL = 'C0ACME';

describe.each(testProviders)('/portal accounts install-link on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { ...oauthEnv, PORTAL_ADMINS: undefined, PORTAL_OPERATORS: ADMIN });
    expect((await installWorkspace(t, { teamId: 'T0ACME', teamName: 'Acme Academy', userId: ADMIN })).status).toBe(200);
    await createAccount(t.app.context.core, { name: 'Beta School', slug: 'beta' });
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  /** The first reply to a command from the Acme workspace: its text and whether it was ephemeral. */
  async function say(text: string, user = ADMIN, team = 'T0ACME') {
    const sent = await t.command(text, { team, user, channel: CHANNEL });
    expect(sent.status).toBe(200);
    const posted = await t.fake.waitFor(() => t.fake.responsesTo(sent.responseId)[0]);
    return { text: String(posted.body.text), all: allText(posted.body), type: posted.body.response_type };
  }

  it("gives an operator the CLI's link, ephemeral, and installing through it binds the workspace to the account", async () => {
    const before = Date.now();
    const reply = await say('accounts install-link beta 2');
    expect(reply.type).toBe('ephemeral');
    const match =
      /^Send this to the Slack admin of Beta School's workspace; installing through it binds the workspace to `beta` \(until (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\):\n(http:\/\/\S+\/slack\/install\?account=[\w.-]+)$/.exec(
        reply.text,
      );
    expect(match, reply.text).not.toBeNull();
    const until = new Date(`${match![1]!.replace(' ', 'T')}:00Z`).getTime();
    expect(until - before).toBeGreaterThan(118 * 60_000);
    expect(until - before).toBeLessThanOrEqual(120 * 60_000);

    const beta = await db().account.findUniqueOrThrow({ where: { slug: 'beta' } });
    const created = await db().auditEvent.findMany({ where: { action: 'slack.install_link_created' } });
    expect(created.map((e) => [e.accountId, e.actor])).toEqual([[beta.id, `slack:${ADMIN}`]]);

    const installed = await installWorkspace(
      t,
      { teamId: 'T0BETA', teamName: 'Beta Workspace', userId: 'UBETA' },
      {
        link: match![2]!,
      },
    );
    expect(installed.status).toBe(200);
    expect(installed.page).toContain('(beta)');
    const installation = await db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'T0BETA' } });
    expect(installation.accountId).toBe(beta.id);
  });

  it('takes --hours too, and names what is wrong: hours, slug, unknown account', async () => {
    expect((await say('accounts install-link beta --hours 48')).text).toContain('installing through it binds');
    expect((await say('accounts install-link beta 500')).all).toContain('hours: at most 168 (7 days)');
    expect((await say('accounts install-link beta soon')).all).toContain('hours: a whole number');
    const noSlug = await say('accounts install-link');
    expect(noSlug.all).toContain('slug: /portal accounts install-link acme [hours]');
    expect(noSlug.all).toContain('install-link <slug> [hours]');
    expect((await say('accounts install-link nobody')).all).toContain('no account nobody');
  });

  it('refuses an account admin who is not an operator, names the operators, audits it, mints nothing', async () => {
    await say(`admins add <@${LEAD}>`);
    const links = await db().auditEvent.count({ where: { action: 'slack.install_link_created' } });
    const reply = await say('accounts install-link beta', LEAD);
    expect(reply.type).toBe('ephemeral');
    expect(reply.text).toBe(`Only operators can manage accounts. Ask an operator (<@${ADMIN}>) to do it.`);
    expect(await db().auditEvent.count({ where: { action: 'slack.install_link_created' } })).toBe(links);
    const acme = await db().slackInstallation.findUniqueOrThrow({ where: { installationKey: 'T0ACME' } });
    const refused = await db().auditEvent.findMany({ where: { action: 'slack.refused', accountId: acme.accountId } });
    expect(refused.map((e) => JSON.parse(e.metadata ?? '{}').userId)).toEqual([LEAD]);
  });

  it('/portal help lists install-link for operators only', async () => {
    const operator = (await say('help')).all;
    expect(operator).toContain('install-link &lt;slug&gt; [hours]');
    expect(operator).toContain('_(operators)_');
    const lead = (await say('help', LEAD)).all;
    expect(lead).toContain('/portal invite');
    expect(lead).not.toContain('/portal accounts');
    expect(lead).not.toContain('install-link');
  });
});

describe('/portal accounts install-link with one bot token', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('says install links need Slack for many workspaces, and mints none', async () => {
    const body = await t.reply('accounts install-link default');
    expect(allText(body)).toContain('install links need Slack for many workspaces (SLACK_CLIENT_ID');
    expect(await t.app.context.core.db.auditEvent.count({ where: { action: 'slack.install_link_created' } })).toBe(0);
  });
});
