/**
 * Buttons, modal submissions, options requests, App Home, the digest and
 * Slack API failures, through the real Bolt app and the fake Slack API.
 */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { updateSettings } from '../../src/core/settings/update-settings.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { postDigest, nextDigestAt, scheduleDigest } from '../../src/slack/digest.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from './support/slack-test-app.ts';

describe.each(testProviders)('Slack interactions on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { PORTAL_ADMINS: `${ADMIN} S0ADMINS` });
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const accountId = () => t.app.context.defaultAccount.id;
  const meta = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ a: accountId(), ch: 'C0GENERAL', ru: t.fake.responseUrl('modal-reply'), ...extra });
  const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
  const choice = (value: string | undefined) => ({
    value: { type: 'static_select', selected_option: value ? { value } : null },
  });

  async function commandReply(command: string, user = ADMIN) {
    const r = await t.command(command, { user });
    return (await t.fake.waitFor(() => t.fake.responsesTo(r.responseId)[0])).body;
  }
  async function contactId(email: string) {
    return (await db().contact.findFirstOrThrow({ where: { email } })).id;
  }

  it('suggests contacts to admins only', async () => {
    await commandReply('invite zed@example.com zoe@example.com');
    const admin = await t.suggest({ actionId: 'contact_pick', value: 'zo', privateMetadata: meta() });
    expect(admin.status).toBe(200);
    const options = admin.json!.options as Array<{ text: { text: string }; value: string }>;
    expect(options.map((o) => o.text.text)).toEqual(['zoe@example.com']);
    expect(options[0]!.value).toBe(await contactId('zoe@example.com'));
    const member = await t.suggest({ actionId: 'contact_pick_many', value: 'zo', user: MEMBER });
    expect(member.json!.options).toEqual([]);
  });

  it('the invite modal invites picked and typed contacts with a grant, or shows errors in the form', async () => {
    const zed = await contactId('zed@example.com');
    const bad = await t.submit({
      callbackId: 'invite_modal',
      privateMetadata: meta(),
      values: {
        contacts: {},
        addresses: text('new1@example.com nope'),
        grant_kind: choice(undefined),
        grant_name: text(''),
        channel: { value: { selected_option: { value: 'auto' } } },
      },
    });
    expect(bad.json?.response_action).toBe('errors');
    expect(JSON.stringify(bad.json)).toContain('nope');
    expect(await db().contact.count({ where: { email: 'new1@example.com' } })).toBe(0);

    const ok = await t.submit({
      callbackId: 'invite_modal',
      privateMetadata: meta(),
      values: {
        contacts: { contact_pick_many: { type: 'multi_external_select', selected_options: [{ value: zed }] } },
        addresses: text('new1@example.com'),
        grant_kind: choice('course'),
        grant_name: text('Intro to SEO'),
        channel: { value: { selected_option: { value: 'email' } } },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.json?.response_action).toBeUndefined();
    const grants = await db().accessGrant.findMany({
      where: { contactId: { in: [zed, await contactId('new1@example.com')] }, resourceName: 'Intro to SEO' },
    });
    expect(grants).toHaveLength(2);
    await t.fake.waitFor(() =>
      t.fake.responsesTo('modal-reply').find((r) => allText(r.body).includes('Inviting 2 contacts')),
    );
  });

  it('the magic link modal shows the link inside the modal, or sends it', async () => {
    const zoe = await contactId('zoe@example.com');
    const shown = await t.submit({
      callbackId: 'magiclink_modal',
      privateMetadata: meta(),
      values: {
        contact: { contact_pick: { selected_option: { value: zoe } } },
        address: text(''),
        section: choice('communities'),
        resource_name: text('Makers'),
        delivery: { value: { selected_option: { value: 'show' } } },
      },
    });
    expect(shown.json?.response_action).toBe('update');
    const view = shown.json!.view as Record<string, unknown>;
    expect(allText(view)).toMatch(/\/l\/[A-Za-z0-9_-]{20,}/);
    expect(limitProblems('modal', view as never)).toEqual([]);

    const sent = await t.submit({
      callbackId: 'magiclink_modal',
      privateMetadata: meta(),
      values: {
        contact: {},
        address: text('zoe@example.com'),
        section: choice('portal'),
        resource_name: text(''),
        delivery: { value: { selected_option: { value: 'email' } } },
      },
    });
    expect(sent.json?.response_action).toBeUndefined();
    await t.fake.waitFor(() =>
      t.fake
        .responsesTo('modal-reply')
        .find((r) => allText(r.body).includes('Login link queued by email to zoe@example.com')),
    );

    const wrong = await t.submit({
      callbackId: 'magiclink_modal',
      privateMetadata: meta(),
      values: {
        contact: {},
        address: text('nobody@example.com'),
        section: choice('portal'),
        resource_name: text(''),
        delivery: { value: { selected_option: { value: 'show' } } },
      },
    });
    expect(wrong.json?.response_action).toBe('errors');
  });

  it('login-email, grant, revoke and contact modals act', async () => {
    const zoe = await contactId('zoe@example.com');
    const login = await t.submit({
      callbackId: 'login_email_modal',
      privateMetadata: meta(),
      values: {
        contacts: { contact_pick_many: { selected_options: [{ value: zoe }] } },
        channel: { value: { selected_option: { value: 'email' } } },
      },
    });
    expect(login.status).toBe(200);
    await t.fake.waitFor(() =>
      t.fake.responsesTo('modal-reply').find((r) => allText(r.body).includes('Login link queued to zoe@example.com')),
    );

    await t.submit({
      callbackId: 'grant_modal',
      privateMetadata: meta({ m: 'grant' }),
      values: {
        contact: { contact_pick: { selected_option: { value: zoe } } },
        grant_kind: choice('affiliate'),
        grant_name: text(''),
      },
    });
    expect(await db().accessGrant.count({ where: { contactId: zoe, kind: 'affiliate', revokedAt: null } })).toBe(1);
    await t.submit({
      callbackId: 'grant_modal',
      privateMetadata: meta({ m: 'revoke' }),
      values: {
        contact: { contact_pick: { selected_option: { value: zoe } } },
        grant: choice(JSON.stringify({ k: 'affiliate', n: null })),
      },
    });
    expect(await db().accessGrant.count({ where: { contactId: zoe, kind: 'affiliate', revokedAt: null } })).toBe(0);

    await t.submit({
      callbackId: 'contact_modal',
      privateMetadata: meta(),
      values: { contact: {}, address: text('zoe@example.com') },
    });
    await t.fake.waitFor(() =>
      t.fake.responsesTo('modal-reply').find((r) => JSON.stringify(r.body).includes('contact_revoke')),
    );

    const refused = await t.submit({
      callbackId: 'grant_modal',
      privateMetadata: meta({ m: 'grant' }),
      user: MEMBER,
      values: {
        contact: { contact_pick: { selected_option: { value: zoe } } },
        grant_kind: choice('affiliate'),
        grant_name: text(''),
      },
    });
    expect(refused.status).toBe(200);
    expect(await db().accessGrant.count({ where: { contactId: zoe, kind: 'affiliate', revokedAt: null } })).toBe(0);
  });

  it('link buttons send a fresh link by email or SMS, or regenerate it, replacing the shown message', async () => {
    await commandReply('invite +14155550123');
    const phoneContact = await db().contact.findFirstOrThrow({ where: { phone: '+14155550123' } });
    const value = JSON.stringify({ a: accountId(), c: phoneContact.id, s: 'portal', r: null });
    const sms = await t.action({ actionId: 'link_send_sms', value });
    const smsReply = await t.fake.waitFor(() => t.fake.responsesTo(sms.responseId)[0]);
    expect(smsReply.body.replace_original).toBe(true);
    expect(allText(smsReply.body)).toContain('by SMS to +14155550123');
    const email = await t.action({ actionId: 'link_send_email', value });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(email.responseId)[0])).body)).toContain(
      'no email address',
    );
    const regenerated = await t.action({ actionId: 'link_regenerate', value });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(regenerated.responseId)[0])).body)).toMatch(
      /\/l\/[A-Za-z0-9_-]{20,}/,
    );
    const inModal = await t.action({ actionId: 'link_regenerate', value, container: 'view', viewId: 'V0LINK' });
    expect(inModal.status).toBe(200);
    await t.fake.waitFor(() => t.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0LINK'));
  });

  it('contact card buttons queue a login link, show a link and open the grant and revoke forms', async () => {
    const zed = await contactId('zed@example.com');
    const value = JSON.stringify({ a: accountId(), c: zed });
    const login = await t.action({ actionId: 'contact_login_email', value });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(login.responseId)[0])).body)).toContain(
      'Login link queued to zed@example.com',
    );
    const link = await t.action({ actionId: 'contact_magic_link', value });
    expect((await t.fake.waitFor(() => t.fake.responsesTo(link.responseId)[0])).body.response_type).toBe('ephemeral');
    const opened = t.fake.callsTo('views.open').length;
    await t.action({ actionId: 'contact_grant', value });
    await t.action({ actionId: 'contact_revoke', value });
    await t.fake.waitFor(() => t.fake.callsTo('views.open').length >= opened + 2);
    // The two buttons are handled concurrently: either form may open first.
    const revokeView = t.fake
      .callsTo('views.open')
      .slice(opened)
      .map((c) => c.args.view as { private_metadata?: string })
      .find((v) => JSON.parse(v.private_metadata ?? '{}').m === 'revoke') as Record<string, unknown>;
    expect(allText(revokeView)).toContain('Course: Intro to SEO');
    expect(limitProblems('modal', revokeView as never)).toEqual([]);
    const refused = await t.action({ actionId: 'contact_login_email', value, user: MEMBER });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(refused.responseId)[0])).body)).toContain(
      'Only portal admins',
    );
  });

  it('the stats remind button asks first, then reminds with progress; cancel sends nothing', async () => {
    const old = new Date(Date.now() - 9 * 86_400_000);
    await db().contact.updateMany({
      where: { email: { in: ['zed@example.com', 'new1@example.com'] } },
      data: { invitedAt: old },
    });
    await recountPortalUsers(t.app.context.core, { accountId: accountId() });
    const ask = await t.action({ actionId: 'remind_open', value: JSON.stringify({ d: 7 }) });
    const confirmation = (await t.fake.waitFor(() => t.fake.responsesTo(ask.responseId)[0])).body;
    expect(allText(confirmation)).toContain('Re-send the invite to 2 contact(s)');
    const cancel = await t.action({ actionId: 'remind_cancel', value: JSON.stringify({ a: accountId(), d: 7 }) });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(cancel.responseId)[0])).body)).toContain('Cancelled');
    const before = await db().message.count({ where: { template: 'invite' } });
    const go = await t.action({ actionId: 'remind_confirm', value: JSON.stringify({ a: accountId(), d: 7 }) });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(go.responseId)[0])).body)).toContain(
      'Reminding 2 contact(s)',
    );
    expect(await db().message.count({ where: { template: 'invite' } })).toBe(before + 2);
    await t.fake.waitFor(
      () =>
        [...t.fake.callsTo('chat.postMessage'), ...t.fake.callsTo('chat.update')].find((c) =>
          String(c.args.text).startsWith('Reminders: 2 sent, 0 failed of 2 (done)'),
        ),
      10_000,
    );
  });

  it('the re-send button requeues a dead message', async () => {
    await t.app.outbox.drain();
    const message = await db().message.findFirstOrThrow({ where: { toAddress: 'zed@example.com' } });
    await db().message.update({ where: { id: message.id }, data: { status: 'dead', lastError: 'bounced' } });
    const r = await t.action({ actionId: 'message_requeue', value: JSON.stringify({ a: accountId(), m: message.id }) });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(r.responseId)[0])).body)).toContain('queued again');
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).not.toBe('dead');
    const again = await t.action({
      actionId: 'message_requeue',
      value: JSON.stringify({ a: accountId(), m: message.id }),
    });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(again.responseId)[0])).body)).toContain('not failed');
  });

  it('App Home shows the counts, recent activity and, for admins, the three actions', async () => {
    const r = await t.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home' });
    expect(r.status).toBe(200);
    const publish = await t.fake.waitFor(() => t.fake.callsTo('views.publish').find((c) => c.args.user_id === ADMIN));
    const view = publish.args.view as Record<string, unknown>;
    expect(limitProblems('home', view as never)).toEqual([]);
    expect(allText(view)).toContain('Activation rate');
    expect(allText(view)).toContain('Recent activity');
    // Sentences, not raw actions (#12): "zed@example.com invited via email by <@UADMIN>".
    expect(allText(view)).toMatch(/ invited via (email|sms) by <@/);
    expect(allText(view)).not.toContain('contact.invited');
    expect(JSON.stringify(view)).toContain('home_invite');
    await t.event({ type: 'app_home_opened', user: MEMBER, channel: 'D0HOME2', tab: 'home' });
    const member = await t.fake.waitFor(() => t.fake.callsTo('views.publish').find((c) => c.args.user_id === MEMBER));
    expect(JSON.stringify(member.args.view)).not.toContain('home_invite');
    const open = await t.action({ actionId: 'home_invite', container: 'view', viewId: 'VHOME' });
    expect(open.status).toBe(200);
    await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find(
          (c) =>
            (c.args.view as { callback_id?: string }).callback_id === 'invite_modal' &&
            !JSON.parse(String((c.args.view as { private_metadata: string }).private_metadata)).ch,
        ),
    );
  });

  it('a user group in PORTAL_ADMINS makes its members admins', async () => {
    t.fake.setGroupMembers('S0ADMINS', ['UGROUPIE']);
    expect(allText(await commandReply('grant zed@example.com community Makers', 'UGROUPIE'))).toContain(
      'now has Community: Makers',
    );
    t.fake.setGroupMembers('S0ADMINS', []);
    expect(allText(await commandReply('grant zed@example.com community Makers', 'UGROUPIE'))).toContain(
      'Only portal admins',
    );
  });

  it('survives Slack API failures: expired trigger, not_in_channel, rate limits', async () => {
    t.fake.fail('views.open', 'expired_trigger_id', 1);
    expect(allText(await commandReply('invite'))).toContain('Run `/portal invite` again');

    t.fake.fail('chat.postMessage', 'not_in_channel', 1);
    await commandReply('login-email zed@example.com zoe@example.com');
    // The progress message falls back to the person's DM with the app.
    await t.fake.waitFor(
      () =>
        t.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === ADMIN && String(c.args.text).startsWith('Login emails:')),
      10_000,
    );

    t.fake.fail('views.publish', 'ratelimited', 1);
    const home = await t.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home' });
    expect(home.status).toBe(200);
    await t.fake.waitFor(() => t.logs.find((l) => l.includes('cannot publish App Home') && l.includes('ratelimited')));
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    expect((await commandReply('help')).response_type).toBe('ephemeral');
  });

  it('the daily digest posts stats once a day to STATS_CHANNEL', async () => {
    expect(nextDigestAt(new Date(2026, 0, 5, 8, 30), 9)).toEqual(new Date(2026, 0, 5, 9, 0));
    expect(nextDigestAt(new Date(2026, 0, 5, 9, 0), 9)).toEqual(new Date(2026, 0, 6, 9, 0));
    const { deps } = createSlackApp(t.app.context, express());
    const account = t.app.context.defaultAccount;
    expect(await postDigest(deps, { account, channel: 'C0STATS' })).toBe(true);
    expect(await postDigest(deps, { account, channel: 'C0STATS' })).toBe(false);
    const posts = t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0STATS');
    expect(posts).toHaveLength(1);
    expect(allText(posts[0]!.args)).toContain('daily portal stats');
    deps.progress.stop();
  });

  it('posts the digest a restart missed, once, when the service starts after the hour', async () => {
    const { deps } = createSlackApp(t.app.context, express());
    const channel = 'C0MISSED';
    await updateSettings(t.app.context.core, { accountId: accountId(), digestChannel: channel, actor: 'system' });
    // Today's digest for the account was posted by the test above; another day's is due here.
    await t.app.context.core.db.dailyDigest.deleteMany({});
    const first = scheduleDigest(deps, { hour: 0 });
    await first.caughtUp;
    first.stop();
    const again = scheduleDigest(deps, { hour: 0 }); // another restart the same day
    await again.caughtUp;
    again.stop();
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(1);
    deps.progress.stop();
  });
});
