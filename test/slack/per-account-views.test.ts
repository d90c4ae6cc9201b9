/**
 * Per-account views (#16): two accounts in one workspace, each with a channel
 * bound by `/portal bind`. Stats, failed messages, progress, the daily digest,
 * delivery alerts and App Home each show the account they belong to, through
 * the real Bolt app with signed requests and the fake Slack Web API. Digests
 * and alerts go through `deps.clients.forAccount`, here one token per account.
 */
import express from 'express';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';
import { archiveAccount } from '../../src/core/accounts/archive-account.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { recordAuditEvent } from '../../src/core/audit/record-audit-event.ts';
import { updateSettings } from '../../src/core/settings/update-settings.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { postDigests } from '../../src/slack/digest.ts';
import { postAllFailureAlerts } from '../../src/slack/alerts.ts';
import type { SlackDeps } from '../../src/slack/slack-deps.ts';
import { ADMIN, MEMBER, TEAM, allText, startSlackTestApp, type SlackTestApp } from './support/slack-test-app.ts';

describe.each(testProviders)('per-account views on %s', (provider) => {
  let t: SlackTestApp;
  let acme: Account;
  let beta: Account;
  const instances: SlackDeps[] = [];
  beforeAll(async () => {
    // The service's own alerts poller looks once at start and then not during the test: the test polls.
    t = await startSlackTestApp(
      provider,
      { STATS_CHANNEL: 'C0DEFSTATS', ALERTS_CHANNEL: 'C0DEFALERTS' },
      { alertsIntervalMs: 3_600_000 },
    );
    const core = t.app.context.core;
    acme = await createAccount(core, { slug: 'acme', name: 'Acme Academy' });
    beta = await createAccount(core, { slug: 'beta', name: 'Beta School' });
    expect(allText(await inChannel('bind acme', 'C0ACME'))).toContain('now acts on *Acme Academy*');
    expect(allText(await inChannel('bind beta', 'C0BETA'))).toContain('now acts on *Beta School*');
    await inChannel('invite a1@example.com a2@example.com a3@example.com', 'C0ACME');
    await inChannel('invite b1@example.com', 'C0BETA');
    for (let i = 0; i < 400 && (await core.db.contact.count({ where: { status: 'invited' } })) < 4; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await t.app.outbox.drain();
  }, 120_000);
  afterAll(async () => {
    for (const deps of instances) deps.progress.stop();
    await t?.close();
  });

  const db = () => t.app.context.core.db;
  const defaultAccount = () => t.app.context.defaultAccount;
  async function inChannel(text: string, channel: string, user = ADMIN) {
    const r = await t.command(text, { channel, user });
    expect(r.status).toBe(200);
    return (await t.fake.waitFor(() => t.fake.responsesTo(r.responseId)[0], 15_000)).body;
  }
  /** Another instance of the service on the same database, posting with one bot token per account. */
  function anotherInstance(): SlackDeps {
    const { deps } = createSlackApp(t.app.context, express());
    const token = (accountId: string) =>
      accountId === acme.id ? 'xoxb-acme' : accountId === beta.id ? 'xoxb-beta' : 'xoxb-test';
    deps.clients = {
      forAccount: async (accountId) => new webApi.WebClient(token(accountId), { slackApiUrl: t.fake.apiUrl }),
    };
    instances.push(deps);
    return deps;
  }
  const postsTo = (channel: string) => t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

  it("/portal stats, /portal failed and progress in a bound channel show that channel's account", async () => {
    expect(String((await inChannel('stats', 'C0ACME')).text)).toMatch(/^Acme Academy: 3 invited, 0 active/);
    expect(String((await inChannel('stats', 'C0BETA')).text)).toMatch(/^Beta School: 1 invited, 0 active/);
    expect(String((await inChannel('stats', 'C0GENERAL')).text)).toMatch(
      new RegExp(`^${escapeRegExp(defaultAccount().name)}: 0 invited`),
    );
    // The bulk invite's progress message went to the channel it was asked in.
    await t.fake.waitFor(() => postsTo('C0ACME').find((c) => String(c.args.text).startsWith('Invites:')));

    const dead = async (accountId: string, to: string, error: string) => {
      const message = await db().message.findFirstOrThrow({ where: { accountId, toAddress: to } });
      await db().message.update({ where: { id: message.id }, data: { status: 'dead', lastError: error } });
    };
    await dead(acme.id, 'a1@example.com', 'acme: gave up after 8 attempts');
    await dead(beta.id, 'b1@example.com', 'beta: gave up after 8 attempts');
    const inBeta = allText(await inChannel('failed', 'C0BETA'));
    expect(inBeta).toContain('b1@example.com');
    expect(inBeta).toContain('beta: gave up after 8 attempts');
    expect(inBeta).not.toContain('a1@example.com');
    const inAcme = allText(await inChannel('failed', 'C0ACME'));
    expect(inAcme).toContain('acme: gave up after 8 attempts');
    expect(inAcme).not.toContain('b1@example.com');
    const inDefault = allText(await inChannel('failed', 'C0GENERAL'));
    expect(inDefault).not.toContain('a1@example.com');
    expect(inDefault).not.toContain('b1@example.com');
  }, 60_000);

  it('/portal settings in a bound channel sets that account’s digest and alerts channels', async () => {
    await t.command('settings', { channel: 'C0ACME' });
    const opened = await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find(
          (c) =>
            (c.args.view as { callback_id: string }).callback_id === 'settings_modal' &&
            allText(c.args.view).includes('Daily digest channel'),
        ),
    );
    const view = opened.args.view as { private_metadata: string };
    expect(JSON.parse(view.private_metadata).a).toBe(acme.id);
    const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const num = (value: string) => ({ value: { type: 'number_input', value } });
    const channels = (ids: string[]) => ({
      value: { type: 'multi_conversations_select', selected_conversations: ids },
    });
    const saved = await t.submit({
      callbackId: 'settings_modal',
      privateMetadata: view.private_metadata,
      values: {
        set_portal_name: text('Acme Academy'),
        set_sender_name: text(''),
        set_sender_address: text(''),
        set_reply_to: text(''),
        set_ttl_invite: num('10080'),
        set_ttl_login: num('1440'),
        set_ttl_code: num('10'),
        set_ttl_reset: num('60'),
        set_digest_channel: channels(['C0ACMESTATS']),
        set_alerts_channel: channels(['C0ACMEALERTS']),
      },
    });
    expect(saved.status).toBe(200);
    expect(JSON.parse((await db().account.findUniqueOrThrow({ where: { id: acme.id } })).settings)).toMatchObject({
      digestChannel: 'C0ACMESTATS',
      alertsChannel: 'C0ACMEALERTS',
    });
    // Other accounts are untouched; the form shows what is set.
    expect(JSON.parse((await db().account.findUniqueOrThrow({ where: { id: beta.id } })).settings)).toEqual({});
    await t.command('settings', { channel: 'C0ACME' });
    const reopened = await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find((c) => JSON.stringify(c.args.view).includes('"initial_conversations":["C0ACMESTATS"]')),
    );
    expect(JSON.stringify(reopened.args.view)).toContain('"initial_conversations":["C0ACMEALERTS"]');
  });

  it("each account's digest goes to its own channel with its own numbers, once a day even with two instances racing", async () => {
    await updateSettings(t.app.context.core, {
      accountId: beta.id,
      digestChannel: 'C0BETASTATS',
      alertsChannel: 'C0BETAALERTS',
      actor: 'system',
    });
    // An archived account gets no digest, whatever its settings say.
    const gone = await createAccount(t.app.context.core, { slug: 'gone', name: 'Gone Portal' });
    await updateSettings(t.app.context.core, { accountId: gone.id, digestChannel: 'C0GONESTATS', actor: 'system' });
    await archiveAccount(t.app.context.core, { slug: 'gone', actor: 'system' });
    const [one, two] = [anotherInstance(), anotherInstance()];
    await Promise.all([postDigests(one), postDigests(two)]);
    await Promise.all([postDigests(one), postDigests(two)]); // later the same day: nothing more
    const acmeDigest = postsTo('C0ACMESTATS');
    expect(acmeDigest).toHaveLength(1);
    expect(acmeDigest[0]!.token).toBe('xoxb-acme');
    expect(allText(acmeDigest[0]!.args)).toContain('Acme Academy: daily portal stats');
    expect(String(acmeDigest[0]!.args.text)).toMatch(/^Acme Academy: 3 invited/);
    const betaDigest = postsTo('C0BETASTATS');
    expect(betaDigest).toHaveLength(1);
    expect(betaDigest[0]!.token).toBe('xoxb-beta');
    expect(String(betaDigest[0]!.args.text)).toMatch(/^Beta School: 1 invited/);
    // The default account keeps STATS_CHANNEL (posted by the service at start or by one of these).
    const defaultDigest = postsTo('C0DEFSTATS');
    expect(defaultDigest).toHaveLength(1);
    expect(String(defaultDigest[0]!.args.text)).toMatch(
      new RegExp(`^${escapeRegExp(defaultAccount().name)}: 0 invited`),
    );
    expect(postsTo('C0GONESTATS')).toHaveLength(0);
    expect(
      await db().dailyDigest.count({ where: { accountId: { in: [acme.id, beta.id, defaultAccount().id] } } }),
    ).toBe(3);
  });

  it("each account's delivery failures are alerted once, in its own alerts channel", async () => {
    const [one, two] = [anotherInstance(), anotherInstance()];
    // The first look only places each account's cursor: history is not replayed.
    await postAllFailureAlerts(one);
    const failed = async (account: Account, to: string, action: string, reason: string) => {
      const message = await db().message.findFirstOrThrow({ where: { accountId: account.id, toAddress: to } });
      await recordAuditEvent(t.app.context.core, db(), {
        accountId: account.id,
        actor: 'system',
        action,
        subject: `message:${message.id}`,
        metadata: { messageId: message.id, detail: reason },
        // Settled: alerts wait a few seconds for late commits.
        at: new Date(Date.now() - 10_000),
      });
    };
    await failed(acme, 'a2@example.com', 'message.failed', 'acme mailbox full');
    await failed(beta, 'b1@example.com', 'message.bounced', 'beta mailbox does not exist');
    const claimed = await Promise.all([postAllFailureAlerts(one), postAllFailureAlerts(two)]);
    expect(claimed[0] + claimed[1]).toBe(2);
    const acmeAlerts = postsTo('C0ACMEALERTS');
    expect(acmeAlerts).toHaveLength(1);
    expect(acmeAlerts[0]!.token).toBe('xoxb-acme');
    expect(allText(acmeAlerts[0]!.args.blocks)).toContain('acme mailbox full');
    expect(JSON.stringify(acmeAlerts[0]!.args.blocks)).toContain(`\\"a\\":\\"${acme.id}\\"`);
    const betaAlerts = postsTo('C0BETAALERTS');
    expect(betaAlerts).toHaveLength(1);
    expect(betaAlerts[0]!.token).toBe('xoxb-beta');
    expect(String(betaAlerts[0]!.args.text)).toContain('b1@example.com');
    expect(allText(betaAlerts[0]!.args.blocks)).not.toContain('acme');
    expect(postsTo('C0DEFALERTS')).toHaveLength(0);
  });

  it('App Home shows the workspace account; an admin can switch to the other bound accounts and stays there', async () => {
    const published = async (user: string, after: number) =>
      (
        await t.fake.waitFor(() =>
          t.fake.callsTo('views.publish').find((c, i) => i >= after && c.args.user_id === user),
        )
      ).args.view as { private_metadata: string; blocks: unknown[] };
    const count = () => t.fake.callsTo('views.publish').length;

    let before = count();
    await t.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home' });
    const admin = await published(ADMIN, before);
    expect(allText(admin)).toContain(`${defaultAccount().name}: Portal Desk`);
    expect(JSON.parse(admin.private_metadata).a).toBe(defaultAccount().id);
    const chooser = JSON.stringify(admin.blocks);
    expect(chooser).toContain('home_account');
    expect(chooser).toContain('Acme Academy (acme)');
    expect(chooser).toContain('Beta School (beta)');

    before = count();
    await t.event({ type: 'app_home_opened', user: MEMBER, channel: 'D0HOME2', tab: 'home' });
    const member = await published(MEMBER, before);
    expect(allText(member)).toContain(`${defaultAccount().name}: Portal Desk`);
    expect(JSON.stringify(member.blocks)).not.toContain('home_account');

    before = count();
    expect((await choose(ADMIN, beta.id)).status).toBe(200);
    const switched = await published(ADMIN, before);
    expect(allText(switched)).toContain('Beta School: Portal Desk');
    expect(JSON.stringify(switched.blocks)).toContain(JSON.stringify(JSON.stringify({ a: beta.id })).slice(1, -1));
    // Opening the tab again re-publishes the account chosen, kept in the view.
    before = count();
    await t.event({
      type: 'app_home_opened',
      user: ADMIN,
      channel: 'D0HOME',
      tab: 'home',
      view: { id: 'VHOME', type: 'home', private_metadata: switched.private_metadata },
    });
    expect(allText(await published(ADMIN, before))).toContain('Beta School: Portal Desk');
    // Its buttons act on Beta: the invite form opens for Beta.
    const open = await t.action({
      actionId: 'home_invite',
      value: JSON.stringify({ a: beta.id }),
      container: 'view',
      viewId: 'VHOME',
    });
    expect(open.status).toBe(200);
    await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find(
          (c) =>
            (c.args.view as { callback_id?: string }).callback_id === 'invite_modal' &&
            JSON.parse(String((c.args.view as { private_metadata: string }).private_metadata)).a === beta.id,
        ),
    );

    // A member who forges the choice still sees the workspace's account.
    before = count();
    await choose(MEMBER, beta.id);
    expect(allText(await published(MEMBER, before))).toContain(`${defaultAccount().name}: Portal Desk`);
  }, 30_000);

  /** The chooser's static select, as Slack sends it from App Home. */
  function choose(user: string, accountId: string) {
    return t.post(
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: user, team_id: TEAM },
          team: { id: TEAM, domain: 'fake' },
          api_app_id: 'A0PORTAL',
          token: 'legacy',
          trigger_id: 'trigger-home',
          container: { type: 'view', view_id: 'VHOME' },
          view: { id: 'VHOME', type: 'home', private_metadata: '', state: { values: {} }, hash: 'h' },
          actions: [
            {
              type: 'static_select',
              action_id: 'home_account',
              block_id: 'b',
              selected_option: { text: { type: 'plain_text', text: 'x' }, value: accountId },
              action_ts: '1.2',
            },
          ],
        }),
      }).toString(),
      'application/x-www-form-urlencoded',
    );
  }
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
