/**
 * /portal apikey and /portal automation end to end: signed slash commands to
 * the real Bolt app, replies through the fake Slack API and response_url, and
 * what they change checked in the database and at /api/v1.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { sha256 } from '../../src/core/shared/secret-hash.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import {
  ADMIN,
  CHANNEL,
  MEMBER,
  TEAM,
  allText,
  startSlackTestApp,
  type SlackTestApp,
} from './support/slack-test-app.ts';

const keyShape = /pd_[A-Za-z0-9_-]{43}/g;

/** Whether any 12 characters of the key's secret part appear in `text` (a redaction that stops at a '-' leaks the rest). */
function leaks(text: string, key: string): boolean {
  const secret = key.slice(3);
  for (let i = 0; i + 12 <= secret.length; i++) if (text.includes(secret.slice(i, i + 12))) return true;
  return false;
}

describe.each(testProviders)('/portal apikey and automation on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const accountId = () => t.app.context.defaultAccount.id;

  async function reply(text: string, user = ADMIN) {
    const body = await t.reply(text, user);
    expect(limitProblems('message', body as never), text).toEqual([]);
    return body;
  }

  const apiStats = (key: string) => fetch(`${t.app.url}/api/v1/stats`, { headers: { authorization: `Bearer ${key}` } });

  it('creates a key shown once, only to the admin, stored only as a hash, and usable on the API', async () => {
    const body = await reply('apikey create Checkout site');
    expect(body.response_type).toBe('ephemeral');
    const keys = allText(body).match(keyShape) ?? [];
    expect(new Set(keys).size).toBe(1);
    const key = keys[0]!;

    const row = await db().apiKey.findFirstOrThrow({ where: { accountId: accountId(), name: 'Checkout site' } });
    expect(row.keyHash).toBe(sha256(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row.prefix)).toBe(true);
    // Never in a log line, never in any other Slack call, never in the audit trail.
    expect(leaks(t.logs.join('\n'), key)).toBe(false);
    expect(JSON.stringify(t.fake.calls)).not.toContain(key);
    expect(t.fake.responses.filter((r) => JSON.stringify(r.body).includes(key))).toHaveLength(1);
    expect(JSON.stringify(await db().auditEvent.findMany())).not.toContain(key);

    expect((await apiStats(key)).status).toBe(200);

    // The list shows it without the key: name, prefix, created, last used.
    const list = allText(await reply('apikey list'));
    expect(list).toContain('Checkout site');
    expect(list).toContain(row.prefix);
    expect(list).toContain('created');
    // Times are <!date> tokens: each reader sees their own time zone (the UTC text is the fallback).
    expect(list).toMatch(/last used <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);
    expect(list).not.toContain(key);
    expect(list.match(keyShape)).toBeNull();
  });

  it('revokes by prefix or id: the API then refuses the key, and the list says revoked', async () => {
    const key = (allText(await reply('apikey create Zapier')).match(keyShape) ?? [])[0]!;
    const row = await db().apiKey.findFirstOrThrow({ where: { keyHash: sha256(key) } });
    expect((await apiStats(key)).status).toBe(200);
    const revoked = allText(await reply(`apikey revoke ${row.prefix}`));
    expect(revoked).toContain('Zapier');
    expect(revoked).toContain('revoked');
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect((await apiStats(key)).status).toBe(401);
    expect(await db().auditEvent.count({ where: { action: 'api_key.revoked', subject: `api_key:${row.id}` } })).toBe(1);
    const list = allText(await reply('apikey'));
    expect(list).toMatch(/Zapier[\s\S]*revoked/);
    // Revoking again by id changes nothing and says so plainly.
    expect(allText(await reply(`apikey revoke ${row.id}`))).toContain('revoked');
  });

  it('explains bad input with the right form and creates nothing', async () => {
    const before = await db().apiKey.count();
    for (const [text, expected] of [
      ['apikey create', 'needs a name'],
      ['apikey create ' + 'x'.repeat(81), 'at most 80'],
      ['apikey frobnicate', 'not an apikey action'],
      ['apikey revoke', 'name one key'],
      ['apikey revoke pd_nothing', 'no API key pd_nothing'],
      ['apikey list everything', 'list takes no arguments'],
    ] as const) {
      const body = allText(await reply(text));
      expect(body, text).toContain(expected);
      expect(body, text).toContain('Usage: `/portal apikey create <name> | list | revoke <id or prefix>`');
    }
    expect(await db().apiKey.count()).toBe(before);
  });

  it('refuses non-admins every apikey action, privately, and audits it', async () => {
    const keys = await db().apiKey.count();
    const revokedBefore = await db().apiKey.count({ where: { revokedAt: { not: null } } });
    const refusals = await db().auditEvent.count({ where: { action: 'slack.refused' } });
    const anyKey = await db().apiKey.findFirstOrThrow({ where: { revokedAt: null } });
    for (const text of ['apikey create Mine', 'apikey list', 'apikey', `apikey revoke ${anyKey.id}`]) {
      const body = await reply(text, MEMBER);
      expect(body.response_type).toBe('ephemeral');
      expect(allText(body)).toContain('Only portal admins can manage API keys');
      expect(allText(body)).not.toContain(anyKey.prefix);
    }
    expect(await db().apiKey.count()).toBe(keys);
    expect(await db().apiKey.count({ where: { revokedAt: { not: null } } })).toBe(revokedBefore);
    expect(await db().auditEvent.count({ where: { action: 'slack.refused' } })).toBe(refusals + 4);
  });

  it('never leaves a key in a lasting message: when no private reply is possible, the key is revoked', async () => {
    t.fake.fail('chat.postEphemeral', 'channel_not_found', 1);
    const body = new URLSearchParams({
      team_id: TEAM,
      channel_id: CHANNEL,
      user_id: ADMIN,
      command: '/portal',
      text: 'apikey create Unlucky',
      // Nothing listens here: the response_url fails, then chat.postEphemeral.
      response_url: 'http://127.0.0.1:9/response',
      trigger_id: `trigger-${randomBytes(4).toString('hex')}`,
    }).toString();
    expect((await t.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    // The explanation (no key in it) may be ephemeral again now that Slack answers.
    const told = await t.fake.waitFor(() =>
      t.fake.calls.find((c) => c.method.startsWith('chat.') && String(c.args.text).includes('was revoked')),
    );
    expect(String(told.args.text)).toContain('Unlucky');
    expect(JSON.stringify(told.args)).not.toMatch(keyShape);
    const row = await db().apiKey.findFirstOrThrow({ where: { name: 'Unlucky' } });
    expect(row.revokedAt).not.toBeNull();
    // The only call that carried the key is the failed ephemeral attempt; no lasting message ever did.
    expect(t.fake.calls.filter((c) => JSON.stringify(c.args).match(keyShape)).map((c) => c.method)).toEqual([
      'chat.postEphemeral',
    ]);
    const key = (JSON.stringify(t.fake.callsTo('chat.postEphemeral').map((c) => c.args)).match(keyShape) ?? [])[0]!;
    expect(leaks(t.logs.join('\n'), key)).toBe(false);
  });

  it('shows the automation to everyone; only admins switch it, with channels; bad input is explained', async () => {
    const shown = allText(await reply('automation', MEMBER));
    expect(shown).toContain('is off');
    expect(shown).toContain('Portal admins can switch it');

    const refusals = await db().auditEvent.count({ where: { action: 'slack.refused' } });
    expect(allText(await reply('automation on email', MEMBER))).toContain(
      'Only portal admins can switch the automation on or off',
    );
    expect(await db().auditEvent.count({ where: { action: 'slack.refused' } })).toBe(refusals + 1);
    const settings = () =>
      db()
        .account.findUniqueOrThrow({ where: { id: accountId() } })
        .then((a) => JSON.parse(a.settings).automation?.accessGranted);
    expect((await settings())?.enabled ?? false).toBe(false);

    for (const [text, expected] of [
      ['automation on fax', '"fax" is not a channel'],
      ['automation maybe', '"maybe" is not on or off'],
      ['automation off sms', 'off takes no channels'],
    ] as const) {
      const body = allText(await reply(text));
      expect(body).toContain(expected);
      expect(body).toContain('Usage: `/portal automation');
    }
    expect((await settings())?.enabled ?? false).toBe(false);

    expect(allText(await reply('automation on email,sms'))).toContain('on (email and SMS)');
    expect(await settings()).toEqual({ enabled: true, channels: ['email', 'sms'] });
    // "on" alone keeps the chosen channels.
    await reply('automation off');
    expect(allText(await reply('automation on'))).toContain('on (email and SMS)');
    expect(allText(await reply('automation on email'))).toContain('on (email)');
    expect(await db().auditEvent.count({ where: { action: 'automation.updated' } })).toBe(4);
  });

  it('on, a grant from Slack sends the access email with a login link; a repeat or a grant while off sends nothing', async () => {
    await reply('invite auto@example.com');
    const contact = await db().contact.findFirstOrThrow({
      where: { accountId: accountId(), email: 'auto@example.com' },
    });
    const accessMessages = () =>
      db().message.findMany({ where: { contactId: contact.id, template: 'access_granted' } });

    await reply('automation on email');
    expect(allText(await reply('grant auto@example.com course Intro to SEO'))).toContain('now has');
    const sent = await accessMessages();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channel).toBe('email');
    expect(JSON.parse(sent[0]!.payload)).toMatchObject({ section: 'courses', resourceName: 'Intro to SEO' });
    expect(JSON.parse(sent[0]!.payload).linkId).toEqual(expect.any(String));

    // Already has it: nothing new.
    expect(allText(await reply('grant auto@example.com course Intro to SEO'))).toContain('already had');
    expect(await accessMessages()).toHaveLength(1);

    await reply('automation off');
    expect(allText(await reply('grant auto@example.com community Founders'))).toContain('now has');
    expect(await accessMessages()).toHaveLength(1);
    expect(await db().accessGrant.count({ where: { contactId: contact.id } })).toBe(2);
  });
});
