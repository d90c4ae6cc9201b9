/**
 * /portal end to end: signed requests to the real Bolt app mounted on our
 * server, replies recorded by the fake Slack API and response_url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from './support/slack-test-app.ts';

describe.each(testProviders)('/portal commands on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const accountId = () => t.app.context.defaultAccount.id;

  const reply = (text: string, user = ADMIN) => t.reply(text, user);

  it('rejects a forged signature and a stale timestamp, and acts on neither', async () => {
    const body = new URLSearchParams({
      command: '/portal',
      text: 'invite forged@example.com',
      user_id: ADMIN,
      team_id: 'T0FAKE',
      channel_id: 'C1',
      response_url: t.fake.responseUrl(),
      trigger_id: 't',
    }).toString();
    const forged = await t.post(body, 'application/x-www-form-urlencoded', { signature: 'v0=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    const stale = await t.post(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const fresh = await t.post(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 4 * 60,
    });
    expect(fresh.status).toBe(200);
    await t.fake.waitFor(() => t.fake.responses.find((r) => allText(r.body).includes('Invite queued')));
    expect(await db().contact.count({ where: { email: 'forged@example.com' } })).toBe(1);
  });

  it('help answers everyone, with and without the word; non-admins see only what they may run', async () => {
    for (const [text, user] of [
      ['help', MEMBER],
      ['', ADMIN],
      ['HELP', MEMBER],
    ] as const) {
      const body = await reply(text, user);
      expect(body.response_type).toBe('ephemeral');
      expect(allText(body)).toContain('/portal stats');
      expect(allText(body).includes('/portal invite')).toBe(user === ADMIN);
      expect(allText(body).includes('/portal remind')).toBe(user === ADMIN);
      // Issue #13: "Without arguments, a command opens a form" was wrong for most commands.
      expect(allText(body)).not.toContain('Without arguments, a command opens a form');
      expect(limitProblems('message', body as never)).toEqual([]);
    }
  });

  it('answers an unknown subcommand in the ack itself, with the right form', async () => {
    const response = await t.command('frobnicate <!channel> now');
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
    expect(allText(response.json)).toContain('is not a /portal command');
    expect(allText(response.json)).not.toContain('<!channel>');
    expect(allText(response.json)).toContain('/portal help');
  });

  it('refuses non-admins everything but stats and help, privately, and audits it', async () => {
    const before = await db().auditEvent.count({ where: { action: 'slack.refused' } });
    const opened = t.fake.callsTo('views.open').length;
    const commands = [
      'invite a@example.com',
      'invite',
      'magiclink a@example.com',
      'magiclink',
      'login-email a@example.com',
      'login-email',
      'contact a@example.com',
      'contact',
      'remind',
      'remind 7',
      'grant a@example.com course SEO',
      'grant',
      'revoke a@example.com affiliate',
      'revoke',
      'failed',
      'bind default',
    ];
    for (const text of commands) {
      const body = await reply(text, MEMBER);
      expect(body.response_type, text).toBe('ephemeral');
      expect(allText(body), text).toContain('Only portal admins can');
    }
    expect(await db().auditEvent.count({ where: { action: 'slack.refused' } })).toBe(before + commands.length);
    expect(t.fake.callsTo('views.open').length).toBe(opened);
    expect(await db().contact.count({ where: { email: 'a@example.com' } })).toBe(0);
    const stats = await reply('stats', MEMBER);
    expect(stats.response_type).toBe('in_channel');
  });

  it('opens the modal at once for each subcommand given no arguments', async () => {
    const expected: Record<string, string> = {
      invite: 'invite_modal',
      magiclink: 'magiclink_modal',
      'login-email': 'login_email_modal',
      contact: 'contact_modal',
      grant: 'grant_modal',
      revoke: 'grant_modal',
    };
    for (const [command, callbackId] of Object.entries(expected)) {
      const response = await t.command(command, { triggerId: `trigger-${command}` });
      expect(response.status).toBe(200);
      const call = await t.fake.waitFor(() =>
        t.fake.callsTo('views.open').find((c) => c.args.trigger_id === `trigger-${command}`),
      );
      const view = call.args.view as Record<string, unknown>;
      expect(view.callback_id).toBe(callbackId);
      expect(limitProblems('modal', view as never)).toEqual([]);
      expect(JSON.parse(String(view.private_metadata))).toMatchObject({ a: accountId(), ch: 'C0GENERAL' });
    }
  });

  it('invite with one address queues it; with a bad one refuses all and lists why', async () => {
    const one = await reply('invite ana@example.com');
    expect(allText(one)).toContain('Invite queued for ana@example.com');
    const ana = await db().contact.findFirstOrThrow({ where: { email: 'ana@example.com' } });
    expect(ana.status).toBe('invited');
    expect(await db().message.count({ where: { contactId: ana.id, template: 'invite' } })).toBe(1);

    const bad = await reply('invite ok1@example.com, not-an-address +1555');
    const text = allText(bad);
    expect(text).toContain('not-an-address');
    expect(text).toContain('+1555');
    expect(text).toContain('Usage: `/portal invite');
    expect(await db().contact.count({ where: { email: 'ok1@example.com' } })).toBe(0);
  });

  it('invite with many addresses reports progress in one message until done', async () => {
    const addresses = Array.from({ length: 6 }, (_, i) => `bulk${i}@example.com`).join('\n');
    const body = await reply(`invite ${addresses}`);
    expect(allText(body)).toContain('Inviting 6 contacts');
    const posted = await t.fake.waitFor(() =>
      t.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith('Invites:')),
    );
    expect(posted.args.channel).toBe('C0GENERAL');
    // One message: posted once, then only updated in place (the worker may finish before the first post).
    const lastShown = () =>
      [
        posted.args.text,
        ...t.fake
          .callsTo('chat.update')
          .filter((c) => c.args.ts !== undefined && String(c.args.text).startsWith('Invites:'))
          .map((c) => c.args.text),
      ].at(-1);
    await t.fake.waitFor(() => String(lastShown()).includes('6 sent, 0 failed of 6 (done)'), 10_000);
    expect(t.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Invites:'))).toHaveLength(
      1,
    );
    for (const update of t.fake.callsTo('chat.update'))
      expect(limitProblems('message', update.args as never)).toEqual([]);
  });

  it('magiclink shows the link only to the asker, unfurling off, with send and regenerate buttons', async () => {
    await reply('invite ml@example.com');
    const body = await reply('magiclink ml@example.com courses Intro to SEO');
    expect(body.response_type).toBe('ephemeral');
    expect(body.unfurl_links).toBe(false);
    expect(body.unfurl_media).toBe(false);
    const text = allText(body);
    expect(text).toMatch(/http:\/\/localhost:0\/l\/[A-Za-z0-9_-]{20,}/);
    expect(text).toContain('courses / Intro to SEO');
    const buttons = JSON.stringify(body.blocks);
    expect(buttons).toContain('link_send_email');
    expect(buttons).toContain('link_regenerate');
    const token = /\/l\/([A-Za-z0-9_-]{20,})/.exec(text)![1]!;
    expect(t.logs.join('\n')).not.toContain(token);
    const link = await db().loginToken.findFirstOrThrow({
      where: { sentVia: 'slack' },
      orderBy: { createdAt: 'desc' },
    });
    expect(link.resourceName).toBe('Intro to SEO');

    expect(allText(await reply('magiclink ml@example.com backstage'))).toContain('"backstage" is not a section');
    expect(allText(await reply('magiclink nobody@example.com'))).toContain('No contact');
  });

  it('login-email queues login links and shows bulk progress', async () => {
    await reply('invite le1@example.com le2@example.com');
    const body = await reply('login-email le1@example.com le2@example.com');
    expect(allText(body)).toContain('Sending login links to 2 contacts');
    await t.fake.waitFor(
      () =>
        [...t.fake.callsTo('chat.postMessage'), ...t.fake.callsTo('chat.update')].find((c) =>
          String(c.args.text).startsWith('Login emails: 2 sent, 0 failed of 2 (done)'),
        ),
      10_000,
    );
    expect(allText(await reply('login-email ghost@example.com'))).toContain('no such contact');
  });

  it('stats posts for everyone with the numbers; the remind button goes only to an admin, privately', async () => {
    await reply('invite late1@example.com late2@example.com');
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await db().contact.updateMany({
      where: { email: { in: ['late1@example.com', 'late2@example.com'] } },
      data: { invitedAt: tenDaysAgo },
    });
    await recountPortalUsers(t.app.context.core, { accountId: accountId() });
    const body = await reply('stats', MEMBER);
    expect(body.response_type).toBe('in_channel');
    const text = allText(body);
    expect(text).toContain('Invited (not yet active)');
    expect(text).toContain('Activation rate');
    expect(text).toContain('Links sent (last 7 days)');
    expect(text).toContain('http://localhost:0');
    expect(text).toContain('*2* invited more than 7 days ago never signed in');
    // Issue #13: a button in the channel that most people there are refused when they press it.
    expect((body.blocks as Array<{ type: string }>).some((b) => b.type === 'actions')).toBe(false);
    expect(limitProblems('message', body as never)).toEqual([]);

    const asAdmin = await t.command('stats', { user: ADMIN });
    const [inChannel, offer] = await t.fake.waitFor(() => {
      const posted = t.fake.responsesTo(asAdmin.responseId);
      return posted.length >= 2 ? posted.map((p) => p.body as Record<string, unknown>) : undefined;
    });
    expect(inChannel!.response_type).toBe('in_channel');
    expect(JSON.stringify(inChannel!.blocks)).not.toContain('remind_open');
    expect(offer!.response_type).toBe('ephemeral');
    expect(JSON.stringify(offer!.blocks)).toContain('remind_open');
    expect(allText(offer)).toContain('Remind 2 inactive');
    expect(allText(await reply('stats now please'))).toContain('stats takes no arguments');
  });

  it('contact shows the card with status, grants, messages and actions', async () => {
    await reply('invite card@example.com');
    await reply('grant card@example.com course Intro to SEO');
    const body = await reply('contact card@example.com');
    const text = allText(body);
    expect(text).toContain('card@example.com');
    expect(text).toContain('invited');
    expect(text).toContain('Course: Intro to SEO');
    expect(text).toMatch(/invite by email to card@example.com/);
    for (const id of ['contact_login_email', 'contact_magic_link', 'contact_grant', 'contact_revoke'])
      expect(JSON.stringify(body.blocks)).toContain(id);
    expect(limitProblems('message', body as never)).toEqual([]);
    expect(allText(await reply('contact nobody@example.com'))).toContain('No contact');
    expect(allText(await reply('contact ###'))).toContain('Usage: `/portal contact');
  });

  it('grant and revoke change access and explain bad input', async () => {
    await reply('invite gr@example.com');
    expect(allText(await reply('grant gr@example.com community Makers'))).toContain('now has Community: Makers');
    expect(allText(await reply('grant gr@example.com community Makers'))).toContain('already had');
    expect(allText(await reply('revoke gr@example.com community Makers'))).toContain('no longer has Community: Makers');
    expect(allText(await reply('revoke gr@example.com community Makers'))).toContain('does not have that access');
    expect(allText(await reply('grant gr@example.com spaceship'))).toContain('not something to grant');
    expect(allText(await reply('grant gr@example.com'))).toContain('Usage: `/portal grant');
  });

  it('remind asks first with the count and names, and validates days', async () => {
    await reply('invite rem@example.com');
    const body = await reply('remind');
    expect(allText(body)).toMatch(/Re-send the invite to \d+ contact/);
    expect(JSON.stringify(body.blocks)).toContain('remind_confirm');
    expect(allText(await reply('remind 3000d'))).toContain('Nobody invited more than 3000 day(s) ago');
    expect(allText(await reply('remind soon'))).toContain('not a number of days');
  });

  it('failed lists dead messages with a re-send button', async () => {
    expect(allText(await reply('failed'))).toContain('No failed messages');
    await reply('invite dead@example.com');
    const contact = await db().contact.findFirstOrThrow({ where: { email: 'dead@example.com' } });
    await t.app.outbox.drain();
    await db().message.updateMany({
      where: { contactId: contact.id },
      data: { status: 'dead', lastError: 'mailbox unavailable', attempts: 8 },
    });
    const body = await reply('failed');
    expect(allText(body)).toContain('mailbox unavailable');
    expect(JSON.stringify(body.blocks)).toContain('message_requeue');
  });

  it('bind shows and changes the account of a channel', async () => {
    expect(allText(await reply('bind'))).toContain('This channel acts on');
    expect(allText(await reply('bind no-such-account'))).toContain('does not exist');
  });

  it('answers 200 garbage command texts within 3 seconds each, without a server error', async () => {
    const samples = garbage(200);
    const results: Array<Awaited<ReturnType<SlackTestApp['command']>>> = [];
    for (let i = 0; i < samples.length; i += 10) {
      results.push(
        ...(await Promise.all(
          samples.slice(i, i + 10).map((text, j) => t.command(text, { user: (i + j) % 2 ? ADMIN : MEMBER })),
        )),
      );
    }
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(3000);
    }
    // Every one gets an answer: in the ack, on the response_url, or a modal.
    await t.fake.waitFor(
      () => results.every((r) => r.json !== undefined || t.fake.responsesTo(r.responseId).length > 0),
      20_000,
    );
    expect(t.logs.filter((l) => l.includes('unexpected error'))).toEqual([]);
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
  }, 60_000);
});

function garbage(count: number): string[] {
  const fixed = [
    'x'.repeat(4000),
    'invite ' + 'a'.repeat(3993),
    "invite '; DROP TABLE Contact; --",
    'magiclink " OR 1=1 --@example.com',
    'contact <script>alert(1)</script>',
    'grant ${jndi:ldap://x} course ../../etc/passwd',
    'remind -1',
    'remind 99999999999999999999',
    'invite \u0000\u0001\u0002',
    'stats \u202e\u200b',
    'login-email %00%0d%0a',
    'revoke @everyone <!channel> affiliate',
    '💥🔥 invite 🙂@🙂.com',
    'bind ../../',
    'failed ' + '\n'.repeat(100),
  ];
  const pick = (n: number) =>
    String.fromCodePoint(...Array.from({ length: n }, (_, i) => 0x20 + ((i * 7919 + n * 104729) % 0x2fff)));
  const out = [...fixed];
  const words = [
    'invite',
    'magiclink',
    'login-email',
    'contact',
    'grant',
    'revoke',
    'remind',
    'stats',
    'help',
    'failed',
    'bind',
    '',
  ];
  for (let i = 0; out.length < count; i++)
    out.push(`${words[i % words.length]} ${pick(1 + ((i * 37) % 300))}`.slice(0, 4000));
  return out;
}
