/** /portal apps end to end: signed slash commands to the real Bolt app, replies through the fake Slack API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';

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
});
