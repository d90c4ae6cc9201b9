/** /portal apps end to end: signed slash commands to the real Bolt app, replies through the fake Slack API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';

describe('/portal apps', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('registers an app with its secret shown once, privately, lists, rotates and revokes it; members are refused', async () => {
    const created = await t.reply('apps create Courses site <https://courses.example.com/api/auth/callback/portal> requires course:* login https://courses.example.com/api/auth/signin/portal', ADMIN);
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

  it('/portal magiclink <contact> app:<name> /path shows a link that lands in the app; send buttons are not offered', async () => {
    const core = t.app.context.core;
    const accountId = t.app.context.defaultAccount.id;
    await createApp(core, { accountId, name: 'Courses', redirectUris: ['https://courses.example.com/cb'], loginUrl: 'https://courses.example.com/login', actor: 'system' });
    await findOrCreateContact(core, { accountId, address: 'ana@example.com', actor: 'system' });
    const body = await t.reply('magiclink ana@example.com app:Courses /intro-to-seo', ADMIN);
    const text = allText(body);
    const token = /\/l\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    const row = await core.db.loginToken.findFirstOrThrow({ where: { contactId: (await core.db.contact.findFirstOrThrow({ where: { email: 'ana@example.com' } })).id }, orderBy: { createdAt: 'desc' } });
    expect(row.appPath).toBe('/intro-to-seo');
    expect(row.appId).toMatch(/^app_/);
    expect(JSON.stringify(body)).not.toMatch(/Send by email/i);
    expect(allText(await t.reply('magiclink ana@example.com app:Nope /x', ADMIN))).toMatch(/no app "Nope"|not found|No app/i);
  });
});
