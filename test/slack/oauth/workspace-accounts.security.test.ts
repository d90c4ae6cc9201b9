/**
 * Many workspaces (OAuth), the paths without a bound channel: a DM to the app
 * (a CSV import, a command), App Home's buttons and a form without its
 * origin act on the installation's account of the workspace they come from,
 * never on the default account. Account admins are per installed account:
 * `/portal admins` shows the workspace's own, and an admin of workspace 1's
 * account (Enterprise Grid user ids are shared across workspaces) has no
 * rights in workspace 2, where the refusal names workspace 2's admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { ADMIN, allText, fileShareInDm, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.ts';
import { installWorkspace, oauthEnv } from '../support/slack-install.ts';

const ACME_LEAD = 'UACMELEAD';
const BETA_LEAD = 'UBETALEAD';

describe.each(testProviders)('accounts per workspace in DMs, App Home and forms, on %s', (provider) => {
  let t: SlackTestApp;
  let acmeId: string;
  let betaId: string;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { ...oauthEnv, PORTAL_ADMINS: undefined, PORTAL_OPERATORS: ADMIN });
    for (const [teamId, teamName] of [
      ['T0ACME', 'Acme Academy'],
      ['T0BETA', 'Beta School'],
    ])
      expect((await installWorkspace(t, { teamId, teamName, userId: ADMIN })).status).toBe(200);
    const installed = (key: string) =>
      t.app.context.core.db.slackInstallation.findUniqueOrThrow({ where: { installationKey: key } });
    acmeId = (await installed('T0ACME')).accountId;
    betaId = (await installed('T0BETA')).accountId;
    expect(await say('admins add <@UACMELEAD>', 'T0ACME')).toContain('can now administer *Acme Academy*');
    expect(await say('admins add <@UBETALEAD>', 'T0BETA')).toContain('can now administer *Beta School*');
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const token = (team: string) => t.fake.oauth.tokenOf(team);
  async function say(text: string, team: string, user = ADMIN, channel = `C0${team.slice(2)}`): Promise<string> {
    const sent = await t.command(text, { team, user, channel });
    expect(sent.status).toBe(200);
    return allText((await t.fake.waitFor(() => t.fake.responsesTo(sent.responseId)[0])).body);
  }
  /** The next chat.postMessage into `channel` whose text has `match`. */
  const postedIn = (channel: string, match: string) =>
    t.fake.waitFor(() =>
      t.fake.callsTo('chat.postMessage').find((c) => c.args.channel === channel && allText(c.args).includes(match)),
    );
  /** A CSV shared in a DM with the app, as Slack sends it: the workspace in the envelope only. */
  async function shareCsv(team: string, user: string, channel: string, csv: string) {
    const fileId = t.fake.addFile({ name: `${team}.csv`, content: csv });
    const event = fileShareInDm({ user, channel, files: [{ id: fileId, name: `${team}.csv` }] });
    expect((await t.event(event, { team })).status).toBe(200);
    return fileId;
  }
  const emailsOf = async (accountId: string) =>
    (await db().contact.findMany({ where: { accountId }, orderBy: { email: 'asc' } })).map((c) => c.email);

  it("/portal admins lists each workspace's own account admins", async () => {
    const acme = await say('admins', 'T0ACME', ACME_LEAD);
    expect(acme).toContain('*Admins of Acme Academy* (`acme-academy`)');
    expect(acme).toContain(`<@${ACME_LEAD}>`);
    expect(acme).not.toContain(BETA_LEAD);
    const beta = await say('admins', 'T0BETA', BETA_LEAD);
    expect(beta).toContain('*Admins of Beta School* (`beta-school`)');
    expect(beta).toContain(`<@${BETA_LEAD}>`);
    expect(beta).not.toContain(ACME_LEAD);
  });

  it('a CSV shared in a DM imports into the workspace’s account, through its token', async () => {
    const fileId = await shareCsv('T0BETA', BETA_LEAD, 'D0BETALEAD', 'email\ndm1@example.com\ndm2@example.com');
    const preview = await postedIn('D0BETALEAD', 'Import T0BETA.csv');
    expect(preview.token).toBe(token('T0BETA'));
    expect(t.fake.callsTo('files.download').find((c) => c.args.file === fileId)?.token).toBe(token('T0BETA'));
    const blocks = preview.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
    const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'import_confirm')?.value;
    expect(JSON.parse(value!).a).toBe(betaId);
    const confirm = await t.action({
      actionId: 'import_confirm',
      value,
      team: 'T0BETA',
      user: BETA_LEAD,
      channel: 'D0BETALEAD',
    });
    await t.fake.waitFor(() =>
      t.fake.responsesTo(confirm.responseId).find((r) => allText(r.body).includes('Imported')),
    );
    expect(await emailsOf(betaId)).toEqual(['dm1@example.com', 'dm2@example.com']);
    expect(await emailsOf(t.app.context.defaultAccount.id)).toEqual([]);
  });

  it('a command in a DM and a form without its origin act on the workspace’s account', async () => {
    // An operator is an admin of every account, the default one too: a fallback would not be refused, it would act there.
    expect(await say('stats', 'T0ACME', ADMIN, 'D0ACMEOPS')).toContain('Acme Academy: 0 invited');
    const submitted = await t.submit({
      callbackId: 'invite_modal',
      privateMetadata: '',
      team: 'T0ACME',
      values: {
        contacts: {},
        addresses: { value: { type: 'plain_text_input', value: 'form@example.com' } },
        grant_kind: { value: { type: 'static_select', selected_option: null } },
        grant_name: { value: { type: 'plain_text_input', value: '' } },
        channel: { value: { selected_option: { value: 'email' } } },
      },
    });
    expect(submitted.status).toBe(200);
    await expect.poll(() => emailsOf(acmeId), { timeout: 5000 }).toEqual(['form@example.com']);
    expect(await emailsOf(t.app.context.defaultAccount.id)).toEqual([]);
  });

  it("App Home's buttons open forms for the workspace's account, through its token", async () => {
    const clicked = await t.action({
      actionId: 'home_invite',
      value: JSON.stringify({ a: betaId }),
      team: 'T0BETA',
      user: BETA_LEAD,
      container: 'view',
      viewId: 'V0HOME',
    });
    expect(clicked.status).toBe(200);
    const opened = await t.fake.waitFor(() => t.fake.callsTo('views.open').find((c) => c.token === token('T0BETA')));
    expect(JSON.parse((opened.args.view as { private_metadata: string }).private_metadata).a).toBe(betaId);
  });

  it("an admin of workspace 1's account has no rights in workspace 2; the refusal names workspace 2's admins", async () => {
    const refusal = `Only portal admins can invite contacts. In this channel that means the admins of *Beta School*: ask <@${BETA_LEAD}> to do it, or to add you.`;
    expect(await say('invite eve@example.com', 'T0BETA', ACME_LEAD)).toBe(refusal);
    expect(await say('admins add <@UACMELEAD>', 'T0BETA', ACME_LEAD)).toContain(
      `the admins of *Beta School*: ask <@${BETA_LEAD}>`,
    );
    // In a DM with the app in workspace 2 as well.
    await shareCsv('T0BETA', ACME_LEAD, 'D0ACMELEAD', 'email\neve@example.com');
    const dm = await postedIn('D0ACMELEAD', 'Only portal admins can import contacts');
    expect(dm.token).toBe(token('T0BETA'));
    expect(allText(dm.args)).toContain(`the admins of *Beta School*: ask <@${BETA_LEAD}>`);
    // App Home in workspace 2 shows its account without the admin buttons.
    const publishes = t.fake.callsTo('views.publish').length;
    await t.event({ type: 'app_home_opened', user: ACME_LEAD, tab: 'home', channel: 'D0ACMELEAD' }, { team: 'T0BETA' });
    const published = await t.fake.waitFor(() => t.fake.callsTo('views.publish')[publishes]);
    expect(published.token).toBe(token('T0BETA'));
    expect(allText(published.args.view)).toContain('Inviting, links and grants are for the admins of Beta School.');
    expect(JSON.stringify(published.args.view)).not.toContain('home_invite');
    // A button naming workspace 1's account, clicked in workspace 2, does nothing there.
    const opens = t.fake.callsTo('views.open').length;
    const clicked = await t.action({
      actionId: 'home_invite',
      value: JSON.stringify({ a: acmeId }),
      team: 'T0BETA',
      user: ACME_LEAD,
    });
    const answer = await t.fake.waitFor(() => t.fake.responsesTo(clicked.responseId)[0]);
    expect(allText(answer.body)).toContain('that portal account is not served in this Slack workspace');
    expect(t.fake.callsTo('views.open').length).toBe(opens);

    expect(await db().contact.count({ where: { email: 'eve@example.com' } })).toBe(0);
    expect(await db().accountAdmin.count({ where: { accountId: betaId, subject: ACME_LEAD } })).toBe(0);
    const refused = await db().auditEvent.findMany({ where: { action: 'slack.refused', accountId: betaId } });
    expect(refused.map((e) => JSON.parse(e.metadata ?? '{}').userId)).toEqual([ACME_LEAD, ACME_LEAD, ACME_LEAD]);
    // At home the same person still runs their own account.
    expect(await say('invite ada@example.com', 'T0ACME', ACME_LEAD)).toContain('Invite queued');
  });

  it("a form or a contact search naming workspace 1's account is refused in workspace 2", async () => {
    const acmeForm = JSON.stringify({ a: acmeId });
    const search = (team: string) =>
      t.suggest({ actionId: 'contact_pick', value: 'ad', privateMetadata: acmeForm, user: ACME_LEAD, team });
    const home = (await search('T0ACME')).json!.options as Array<{ text: { text: string } }>;
    expect(home.map((o) => o.text.text)).toEqual(['ada@example.com']);
    expect((await search('T0BETA')).json!.options).toEqual([]);

    const submitted = await t.submit({
      callbackId: 'invite_modal',
      privateMetadata: acmeForm,
      team: 'T0BETA',
      user: ACME_LEAD,
      values: {
        contacts: {},
        addresses: { value: { type: 'plain_text_input', value: 'cross@example.com' } },
        grant_kind: { value: { type: 'static_select', selected_option: null } },
        grant_name: { value: { type: 'plain_text_input', value: '' } },
        channel: { value: { selected_option: { value: 'email' } } },
      },
    });
    expect(submitted.json?.response_action).toBe('errors');
    expect(JSON.stringify(submitted.json)).toContain('that portal account is not served in this Slack workspace');
    expect(await db().contact.count({ where: { email: 'cross@example.com' } })).toBe(0);
  });
});
