/** /portal apps end to end: signed slash commands to the real Bolt app, replies through the fake Slack API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { revokeApp } from '../../src/core/oidc/revoke-app.ts';
import { appLaunchPath } from '../../src/core/oidc/app-link-target.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';

describe('/portal apps', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('registers an app with its secret shown once, privately, lists, rotates and revokes it; members are refused', async () => {
    const created = await t.reply(
      'apps create Courses site <https://courses.example.com/api/auth/callback/portal> requires course:* login https://courses.example.com/api/auth/signin/portal',
      ADMIN,
    );
    expect(created.response_type).toBe('ephemeral');
    const text = allText(created);
    const secret = /pds_[\w-]{43}/.exec(text)?.[0];
    expect(secret).toBeDefined();
    const row = await t.app.context.core.db.oidcApp.findFirstOrThrow({ where: { name: 'Courses site' } });
    expect(JSON.parse(row.redirectUris)).toEqual(['https://courses.example.com/api/auth/callback/portal']);
    expect(row).toMatchObject({ requires: 'course:*', loginUrl: 'https://courses.example.com/api/auth/signin/portal' });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(t.logs.join('\n')).not.toContain(secret!);

    const list = allText(await t.reply('apps list', ADMIN));
    expect(list).toContain('Courses site');
    expect(list).not.toContain(secret!);

    const rotated = allText(await t.reply('apps rotate-secret courses site', ADMIN));
    expect(/pds_[\w-]{43}/.exec(rotated)?.[0]).not.toBe(secret);

    expect(allText(await t.reply('apps create Plain http://example.com/cb', ADMIN))).toMatch(/must use https/);
    expect(allText(await t.reply('apps list', MEMBER))).toMatch(/Only portal admins/);
    expect(allText(await t.reply(`apps revoke ${row.id}`, ADMIN))).toMatch(/Courses site\* is revoked/);
    expect(allText(await t.reply('apps list', ADMIN))).toMatch(/No apps yet/);
  });

  it('/portal magiclink <contact> app:<name> /path shows a link that lands in the app, with send buttons that keep the app and path', async () => {
    const core = t.app.context.core;
    const accountId = t.app.context.defaultAccount.id;
    const { app } = await createApp(core, {
      accountId,
      name: 'Courses',
      redirectUris: ['https://courses.example.com/cb'],
      loginUrl: 'https://courses.example.com/login',
      actor: 'system',
    });
    const { contact } = await findOrCreateContact(core, { accountId, address: 'ana@example.com', actor: 'system' });
    const ana = await core.db.contact.update({ where: { id: contact.id }, data: { phone: '+14155550188' } });
    const body = await t.reply('magiclink ana@example.com app:Courses /intro-to-seo', ADMIN);
    const text = allText(body);
    expect(text).toContain('Courses at /intro-to-seo');
    const token = /\/l\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    const row = await core.db.loginToken.findFirstOrThrow({
      where: { contactId: ana.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(row.appPath).toBe('/intro-to-seo');
    expect(row.appId).toBe(app.id);
    expect(allText(await t.reply('magiclink ana@example.com app:Nope /x', ADMIN))).toMatch(
      /no app "Nope"|not found|No app/i,
    );

    // The buttons Slack shows, with the values they carry: never the token.
    const buttons = (
      body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    ).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
    expect(buttons.map((b) => b.action_id)).toEqual(['link_send_email', 'link_send_sms', 'link_regenerate']);
    const value = buttons[0]!.value;
    expect(value).not.toContain(token!);

    // Each sent link lands where the shown one did: in the app, at the path.
    const lands = async (messageText: RegExp, actionId: string) => {
      const clicked = await t.action({ actionId, value });
      expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(clicked.responseId)[0])).body)).toMatch(
        messageText,
      );
      const message = await core.db.message.findFirstOrThrow({
        where: { contactId: ana.id, channel: actionId === 'link_send_sms' ? 'sms' : 'email' },
        orderBy: { createdAt: 'desc' },
      });
      const linkId = (JSON.parse(message.payload) as { linkId: string }).linkId;
      expect(await core.db.loginToken.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({
        appId: app.id,
        appPath: '/intro-to-seo',
        sentVia: message.channel,
      });
      return (await redeemLink(core, { accountId: accountId, token: linkToken(core.linkKey, linkId) })).path;
    };
    expect(await lands(/by email to ana@example\.com/, 'link_send_email')).toBe(appLaunchPath(app.id, '/intro-to-seo'));
    expect(await lands(/by SMS to \+14155550188/, 'link_send_sms')).toBe(appLaunchPath(app.id, '/intro-to-seo'));

    const regenerated = await t.action({ actionId: 'link_regenerate', value });
    const again = allText((await t.fake.waitFor(() => t.fake.responsesTo(regenerated.responseId)[0])).body);
    expect(again).toContain('Courses at /intro-to-seo');
    expect(
      await core.db.loginToken.findFirstOrThrow({ where: { contactId: ana.id }, orderBy: { createdAt: 'desc' } }),
    ).toMatchObject({ appId: app.id, appPath: '/intro-to-seo', sentVia: 'slack' });

    // A revoked app: the button says so and sends nothing.
    await revokeApp(core, { accountId, app: app.id, actor: 'system' });
    const messagesBefore = await core.db.message.count({ where: { contactId: ana.id } });
    const refused = await t.action({ actionId: 'link_send_email', value });
    expect(allText((await t.fake.waitFor(() => t.fake.responsesTo(refused.responseId)[0])).body)).toMatch(/no app/i);
    expect(await core.db.message.count({ where: { contactId: ana.id } })).toBe(messagesBefore);
  });
});
