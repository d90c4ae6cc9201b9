/**
 * #12 in Slack, through the real Bolt app with signed requests and the fake
 * Slack Web API: /portal list with Next and Export, /portal failed with
 * bounces, ALERTS_CHANNEL, History, App Home sentences, the templates and
 * settings modals. On SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { recordDeliveryEvent } from '../../src/core/outbox/record-delivery-event.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe.each(testProviders)('Slack support toolkit on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { ALERTS_CHANNEL: 'C0ALERTS', RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET });
    const core = t.app.context.core;
    const accountId = t.app.context.defaultAccount.id;
    await inviteContacts(core, {
      accountId,
      invitees: Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}@example.com`),
      actor: `slack:${ADMIN}`,
    });
    await t.app.outbox.drain();
  }, 120_000);
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const accountId = () => t.app.context.defaultAccount.id;
  const reply = async (text: string, user = ADMIN) => {
    const r = await t.command(text, { user });
    expect(r.status).toBe(200);
    return (await t.fake.waitFor(() => t.fake.responsesTo(r.responseId)[0])).body;
  };
  const buttonsOf = (message: Record<string, unknown>) =>
    (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
  const press = async (button: { action_id: string; value: string }, user = ADMIN) => {
    const r = await t.action({ actionId: button.action_id, value: button.value, user });
    return (await t.fake.waitFor(() => t.fake.responsesTo(r.responseId)[0], 15_000)).body;
  };
  /** A block action inside a modal, with the modal's state, as Slack sends it. */
  const inModal = (options: {
    actionId: string;
    privateMetadata: string;
    values: Record<string, Record<string, unknown>>;
    action?: Record<string, unknown>;
    user?: string;
  }) =>
    t.post(
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: options.user ?? ADMIN, team_id: 'T0FAKE' },
          team: { id: 'T0FAKE', domain: 'fake' },
          api_app_id: 'A0PORTAL',
          token: 'legacy',
          trigger_id: 'trigger-x',
          container: { type: 'view', view_id: 'V0TPL' },
          view: {
            id: 'V0TPL',
            type: 'modal',
            callback_id: 'templates_modal',
            private_metadata: options.privateMetadata,
            state: { values: options.values },
            hash: 'h',
          },
          actions: [
            {
              action_id: options.actionId,
              block_id: 'b',
              type: 'plain_text_input',
              action_ts: '1.1',
              ...options.action,
            },
          ],
        }),
      }).toString(),
      'application/x-www-form-urlencoded',
    );

  it('/portal list shows 20 with Next, then the rest; bad filters get the usage; members are refused', async () => {
    const first = await reply('list invited');
    expect(limitProblems('message', first)).toEqual([]);
    const text = allText(first);
    const emails = (message: Record<string, unknown>) => allText(message).match(/p\d\d@example\.com/g) ?? [];
    expect(emails(first)).toHaveLength(20);
    expect(text).toMatch(/<!date\^\d+\^/);
    const next = buttonsOf(first).find((b) => b.action_id === 'contact_list_next')!;
    const second = await press(next);
    expect(second.replace_original).toBe(true);
    expect(new Set([...emails(first), ...emails(second)]).size).toBe(25);
    expect(allText(second)).toContain('21–25, the end of the list');
    expect(buttonsOf(second).map((b) => b.action_id)).toEqual(['contact_list_export']);
    expect(allText(await reply('list never-active 3'))).toContain('No contacts match');
    expect(allText(await reply('list sleeping'))).toMatch(
      /"sleeping" is not a list filter[\s\S]*\/portal list \[invited/,
    );
    expect(allText(await reply('list', MEMBER))).toContain('Only portal admins');
  });

  it('Export uploads every match as CSV to the admin’s DM', async () => {
    const first = await reply('list invited');
    const exported = await press(buttonsOf(first).find((b) => b.action_id === 'contact_list_export')!);
    expect(allText(exported)).toContain('25 contact(s) exported');
    const upload = t.fake.uploads.at(-1)!;
    expect(upload).toMatchObject({
      completed: true,
      channel: `D${ADMIN}`,
      filename: expect.stringMatching(/^contacts-\d{4}-\d\d-\d\d\.csv$/),
    });
    const lines = upload.content.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^id,email,phone/);
    expect(lines).toHaveLength(26);
    expect(t.fake.callsTo('conversations.open').at(-1)!.args.users).toBe(ADMIN);
    // Slack refuses the upload (scope missing): the admin is told, nothing crashes.
    t.fake.fail('files.getUploadURLExternal', 'missing_scope', 1);
    expect(allText(await press(buttonsOf(first).find((b) => b.action_id === 'contact_list_export')!))).toContain(
      'files:write',
    );
  });

  it('/portal failed lists dead and bounced messages with the reason, Re-send copies a bounce to the current address, and ALERTS_CHANNEL hears once', async () => {
    const bounced = await db().message.findFirstOrThrow({ where: { toAddress: 'p01@example.com' } });
    await db().message.update({ where: { id: bounced.id }, data: { providerId: 'prov-1', status: 'sent' } });
    // The bounce arrives as Resend sends it: a signed webhook with the reason.
    const event = JSON.stringify({
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: { email_id: 'prov-1', bounce: { message: 'mailbox p01 does not exist' } },
    });
    const now = new Date();
    const hook = await fetch(`${t.app.url}/webhooks/resend`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': 'msg_b1',
        'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
        'svix-signature': new Webhook(WEBHOOK_SECRET).sign('msg_b1', now, event),
      },
      body: event,
    });
    expect(hook.status).toBe(200);
    const dead = await db().message.findFirstOrThrow({ where: { toAddress: 'p02@example.com' } });
    await db().message.update({
      where: { id: dead.id },
      data: { status: 'dead', lastError: 'gave up after 8 attempts: 503' },
    });
    const listed = await reply('failed');
    expect(limitProblems('message', listed)).toEqual([]);
    expect(allText(listed)).toMatch(/to p01@example.com: \*bounced\*.*\nmailbox p01 does not exist/);
    expect(allText(listed)).toContain('gave up after 8 attempts: 503');
    const buttons = buttonsOf(listed);
    // Edit address is the contact card's Edit button (the lifecycle's Edit modal), for the bounced contact.
    expect(buttons.filter((b) => b.action_id === 'contact_edit').map((b) => JSON.parse(b.value).c)).toContain(
      bounced.contactId,
    );
    // The address was fixed meanwhile: the re-send goes to the new one, as a new message.
    await db().contact.update({ where: { id: bounced.contactId! }, data: { email: 'p01.fixed@example.com' } });
    const resent = await press(
      buttons.find((b) => b.action_id === 'message_requeue' && JSON.parse(b.value).m === bounced.id)!,
    );
    expect(allText(resent)).toContain('queued again (as a new message');
    expect(await db().message.count({ where: { toAddress: 'p01.fixed@example.com', template: 'invite' } })).toBe(1);
    expect(allText(await reply('failed'))).not.toContain('p01@example.com');
    const history = await press(
      buttonsOf(await reply('contact p01.fixed@example.com')).find((b) => b.action_id === 'contact_history')!,
    );
    expect(allText(history)).toMatch(
      /Message re-sent to p01\.fixed@example\.com by <@UADMIN>[\s\S]*Message to p01\.fixed@example\.com bounced: mailbox p01 does not exist/,
    );
    // The bounce alert: one message in ALERTS_CHANNEL, after the settle delay.
    const alert = await t.fake.waitFor(
      () =>
        t.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === 'C0ALERTS' && String(c.args.text).includes('p01@example.com')),
      25_000,
    );
    expect(String(alert.args.text)).toContain('bounced');
    expect(allText(alert.args.blocks)).toContain('mailbox p01 does not exist');
  }, 60_000);

  it('many failures at once are rolled up into one alert', async () => {
    const core = t.app.context.core;
    const before = t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ALERTS').length;
    const messages = await db().message.findMany({
      where: {
        toAddress: {
          in: ['p10@example.com', 'p11@example.com', 'p12@example.com', 'p13@example.com', 'p14@example.com'],
        },
      },
    });
    for (const [i, m] of messages.entries()) {
      await db().message.update({ where: { id: m.id }, data: { providerId: `prov-r${i}`, status: 'sent' } });
      await recordDeliveryEvent(core, {
        provider: 'resend',
        eventId: `ev-r${i}`,
        providerMessageId: `prov-r${i}`,
        status: 'bounced',
        at: new Date(),
        detail: 'no such user',
      });
    }
    const rollUp = await t.fake.waitFor(
      () =>
        t.fake
          .callsTo('chat.postMessage')
          .find(
            (c) => c.args.channel === 'C0ALERTS' && String(c.args.text).includes('5 messages could not be delivered'),
          ),
      25_000,
    );
    expect(limitProblems('message', rollUp.args as { blocks: unknown[] })).toEqual([]);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ALERTS').length).toBe(before + 1);
  }, 60_000);

  it('the contact card shows sentences, and History pages through every event', async () => {
    const card = await reply('contact p03@example.com');
    const text = allText(card);
    expect(text).toMatch(/p03@example.com invited via email by <@UADMIN>/);
    expect(text).not.toMatch(/contact\.invited|contact:0/);
    const contact = await db().contact.findFirstOrThrow({ where: { email: 'p03@example.com' } });
    for (let i = 0; i < 12; i++)
      await db().auditEvent.create({
        data: {
          id: `zzhist${String(i).padStart(3, '0')}`,
          accountId: accountId(),
          actor: 'system',
          action: 'link.scanned',
          subject: `contact:${contact.id}`,
          metadata: '{}',
          createdAt: new Date(Date.now() + i * 1000),
        },
      });
    const page1 = await press(buttonsOf(card).find((b) => b.action_id === 'contact_history')!);
    expect(limitProblems('message', page1)).toEqual([]);
    expect(allText(page1).match(/opened by a mail scanner/g)).toHaveLength(10);
    const page2 = await press(buttonsOf(page1).find((b) => b.action_id === 'contact_history')!);
    expect(page2.replace_original).toBe(true);
    expect(allText(page2)).toMatch(
      /opened by a mail scanner[\s\S]*opened by a mail scanner[\s\S]*invited via email by <@UADMIN>/,
    );
    expect(allText(page2)).toContain("The beginning of this contact's history");
  });

  it('App Home reads as sentences, with names for admins only', async () => {
    await t.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home' });
    const home = await t.fake.waitFor(() => t.fake.callsTo('views.publish').find((c) => c.args.user_id === ADMIN));
    const text = allText(home.args.view);
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\} at \{time\}\|/);
    expect(text).not.toMatch(/contact\.invited|contact:0|link\.scanned/);
    expect(text).toMatch(/opened by a mail scanner/);
    await t.event({ type: 'app_home_opened', user: MEMBER, channel: 'D0HOME2', tab: 'home' });
    const member = await t.fake.waitFor(() => t.fake.callsTo('views.publish').find((c) => c.args.user_id === MEMBER));
    expect(allText(member.args.view)).not.toContain('p03@example.com');
  });

  it('/portal templates: live preview for the sample contact, problems as you type, a test to yourself, save and reset', async () => {
    await t.command('templates login sms');
    const opened = await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find((c) => (c.args.view as { callback_id: string }).callback_id === 'templates_modal'),
    );
    const view = opened.args.view as { private_metadata: string; blocks: unknown[] };
    expect(limitProblems('modal', view)).toEqual([]);
    expect(allText(view)).toContain('Client Portal sign-in: http://');
    expect(allText(view)).toContain('sample-link-for-preview');
    const meta = view.private_metadata;
    const values = (text: string, to = '') => ({
      tpl_text: { template_draft: { type: 'plain_text_input', value: text } },
      tpl_test_to: { value: { type: 'plain_text_input', value: to } },
    });
    const updates = () => t.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0TPL');
    await inModal({
      actionId: 'template_draft',
      privateMetadata: meta,
      values: values('Hi {{contact.first_name}}, code {{portal.login_code}}'),
    });
    const preview = await t.fake.waitFor(() =>
      updates().find((c) => allText(c.args.view).includes('Hi Ana, code 123456')),
    );
    expect(limitProblems('modal', preview.args.view as { blocks: unknown[] })).toEqual([]);
    await inModal({ actionId: 'template_draft', privateMetadata: meta, values: values('Hi {{contact.nickname}}') });
    await t.fake.waitFor(() =>
      updates().find((c) => allText(c.args.view).includes('unknown merge field(s) {{contact.nickname}}')),
    );
    await inModal({
      actionId: 'template_test',
      privateMetadata: meta,
      values: values('Test {{portal.name}} {{portal.login_url}}', '+14155550123'),
      action: { type: 'button', value: 'login:sms' },
    });
    await t.fake.waitFor(() => updates().find((c) => allText(c.args.view).includes('Test queued to +14155550123')));
    const test = await db().message.findFirstOrThrow({ where: { toAddress: '+14155550123' } });
    expect(JSON.parse(test.payload)).toEqual({
      test: { subject: null, body: 'Test {{portal.name}} {{portal.login_url}}' },
    });
    await t.app.outbox.drain();
    expect(await db().message.findUniqueOrThrow({ where: { id: test.id } })).toMatchObject({
      status: 'sent',
      preview: expect.stringContaining('[test] Test Client Portal http'),
    });
    // Save: refused with the problems under the field, then saved.
    const refused = await t.submit({
      callbackId: 'templates_modal',
      privateMetadata: meta,
      values: values('{{#broken}'),
    });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { tpl_text: expect.stringContaining('not a valid template') },
    });
    const saved = await t.submit({
      callbackId: 'templates_modal',
      privateMetadata: meta,
      values: values('{{portal.name}}: {{portal.login_url}}'),
    });
    expect(saved.status).toBe(200);
    expect(
      await db().template.findFirst({
        where: { kind: 'login', channel: 'sms' },
        select: { body: true, updatedBy: true },
      }),
    ).toEqual({ body: '{{portal.name}}: {{portal.login_url}}', updatedBy: `slack:${ADMIN}` });
    await inModal({
      actionId: 'template_reset',
      privateMetadata: meta,
      values: values(''),
      action: { type: 'button', value: 'login:sms' },
    });
    await t.fake.waitFor(() => updates().find((c) => allText(c.args.view).includes('Back to the built-in message')));
    expect(await db().template.count()).toBe(0);
    // Members cannot change templates from a modal either.
    await inModal({
      actionId: 'template_reset',
      privateMetadata: meta,
      values: values(''),
      action: { type: 'button', value: 'login:sms' },
      user: MEMBER,
    });
    await t.fake.waitFor(() =>
      t.fake.responses.find((r) => allText(r.body).includes('Only portal admins can change message templates')),
    );
    expect(await db().auditEvent.count({ where: { action: 'template.reset', actor: `slack:${MEMBER}` } })).toBe(0);
  }, 60_000);

  it('/portal settings opens filled in; Save applies, bad fields come back under themselves', async () => {
    await t.command('settings');
    const opened = await t.fake.waitFor(() =>
      t.fake
        .callsTo('views.open')
        .find((c) => (c.args.view as { callback_id: string }).callback_id === 'settings_modal'),
    );
    const view = opened.args.view as { private_metadata: string };
    expect(limitProblems('modal', view as unknown as { blocks: unknown[] })).toEqual([]);
    expect(allText(view)).toContain('Minutes, 60 to 43200');
    const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const num = (value: string) => ({ value: { type: 'number_input', value } });
    const values = (sender: string) => ({
      set_portal_name: text('Acme Academy'),
      set_sender_name: text('Acme'),
      set_sender_address: text(sender),
      set_reply_to: text('desk@acme.example'),
      set_ttl_invite: num('2880'),
      set_ttl_login: num('60'),
      set_ttl_code: num('15'),
      set_ttl_reset: num('30'),
    });
    const refused = await t.submit({
      callbackId: 'settings_modal',
      privateMetadata: view.private_metadata,
      values: values('not an address'),
    });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { set_sender_address: expect.stringContaining('not an email address') },
    });
    const saved = await t.submit({
      callbackId: 'settings_modal',
      privateMetadata: view.private_metadata,
      values: values('hello@acme.example'),
    });
    expect(saved.status).toBe(200);
    expect(
      await db().account.findUniqueOrThrow({
        where: { id: accountId() },
        select: {
          name: true,
          emailFrom: true,
          inviteTtlMinutes: true,
          loginTtlMinutes: true,
          codeTtlMinutes: true,
          resetTtlMinutes: true,
          settings: true,
        },
      }),
    ).toEqual({
      name: 'Acme Academy',
      emailFrom: 'Acme <hello@acme.example>',
      inviteTtlMinutes: 2880,
      loginTtlMinutes: 60,
      codeTtlMinutes: 15,
      resetTtlMinutes: 30,
      settings: expect.stringContaining('"replyTo":"desk@acme.example"'),
    });
    expect(allText(await reply('stats'))).toContain('Acme Academy');
  });
});
