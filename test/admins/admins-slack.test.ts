/**
 * Admins per account in Slack (issue #16), through the real Bolt app with signed requests against the Slack
 * stand-in: channels bound with /portal bind, admins added with mentions, and the negative side: an admin of
 * one account acting in a channel bound to another is refused with who can help, and the refusal is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';

// ADMIN is in PORTAL_ADMINS: an operator, admin of every account.
const MARIA = 'UMARIA01';
const BOB = 'UBOB0001';
const LEAD = 'ULEAD001';
const ACME = 'C0ACME';
const BETA = 'C0BETA';

describe.each(testProviders)('admins per account in Slack, on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  /** Runs `/portal <text>` as `user` in `channel` and returns everything its first private reply shows. */
  async function shown(text: string, user: string, channel: string): Promise<string> {
    const sent = await t.command(text, { user, channel });
    expect(sent.status).toBe(200);
    const posted = await t.fake.waitFor(() => t.fake.responsesTo(sent.responseId)[0]);
    expect(posted.body.response_type).toBe('ephemeral');
    return allText(posted.body);
  }
  /** The reply's `text` (the sentence people read in notifications and simple replies). */
  async function say(text: string, user: string, channel: string): Promise<string> {
    const sent = await t.command(text, { user, channel });
    const posted = await t.fake.waitFor(() => t.fake.responsesTo(sent.responseId)[0]);
    return String(posted.body.text);
  }
  const accountOf = async (slug: string) => db().account.findUniqueOrThrow({ where: { slug } });

  it('an operator creates two accounts and binds a channel to each', async () => {
    expect(await say('accounts create "Acme Academy" --slug acme', ADMIN, ACME)).toMatch(
      /^:white_check_mark: Created account "Acme Academy" \(`acme`\), portal http:\/\/\S+\/a\/acme\. `\/portal bind acme` makes a channel act on it\.$/,
    );
    expect(await say('accounts create “Beta & Co” --slug beta', ADMIN, BETA)).toMatch(
      /Created account "Beta &amp; Co"/,
    );
    expect((await accountOf('beta')).name).toBe('Beta & Co');
    expect(await say('bind acme', ADMIN, ACME)).toContain('now acts on *Acme Academy*');
    expect(await say('bind beta', ADMIN, BETA)).toContain('now acts on *Beta &amp; Co*');
  });

  it('adds a user and a user group as admins of the bound account from their mentions, and lists them', async () => {
    const added = await say(`admins add <@${MARIA}|maria> <!subteam^S0LEADS|@leads>`, ADMIN, ACME);
    expect(added).toBe(`:white_check_mark: <@${MARIA}>, <!subteam^S0LEADS> can now administer *Acme Academy*.`);
    expect(await say(`admins add <@${MARIA}|maria>`, ADMIN, ACME)).toBe(
      `<@${MARIA}> was already an admin of *Acme Academy*.`,
    );
    const listed = await shown('admins', ADMIN, ACME);
    expect(listed).toContain('*Admins of Acme Academy* (`acme`)');
    expect(listed).toMatch(new RegExp(`• <@${MARIA}>, added by <@${ADMIN}> on \\d{4}-\\d\\d-\\d\\d`));
    expect(listed).toContain('• <!subteam^S0LEADS> (user group: every member), added by');
    expect(listed).toContain(`Operators are admins of every account: <@${ADMIN}>.`);
    const acme = await accountOf('acme');
    const events = await db().auditEvent.findMany({ where: { accountId: acme.id, action: 'account.admin_added' } });
    expect(events.map((e) => e.subject).sort()).toEqual([`slack:S0LEADS`, `slack:${MARIA}`]);
    expect(events.every((e) => e.actor === `slack:${ADMIN}`)).toBe(true);
  });

  it('lets an admin of acme act in acme, with escaped emails as Slack sends them', async () => {
    expect(await say('invite <mailto:ana@example.com|ana@example.com>', MARIA, ACME)).toContain('Invite queued');
    const acme = await accountOf('acme');
    expect(await db().contact.count({ where: { accountId: acme.id, email: 'ana@example.com' } })).toBe(1);
  });

  it('refuses an admin of acme acting in a channel bound to beta, names the operators, and audits it', async () => {
    const beta = await accountOf('beta');
    const before = await db().auditEvent.count({ where: { accountId: beta.id, action: 'slack.refused' } });
    expect(await say('invite zed@example.com', MARIA, BETA)).toBe(
      `Only portal admins can invite contacts. *Beta &amp; Co* has no admins of its own yet: ask an operator (<@${ADMIN}>) to do it, or to add you.`,
    );
    expect(await db().contact.count({ where: { accountId: beta.id } })).toBe(0);
    // Nor can they make themselves admins of beta.
    expect(await say(`admins add <@${MARIA}>`, MARIA, BETA)).toContain(
      'Only portal admins can see or change who administers',
    );
    expect(await db().accountAdmin.count({ where: { accountId: beta.id } })).toBe(0);
    const refused = await db().auditEvent.findMany({
      where: { accountId: beta.id, action: 'slack.refused' },
      orderBy: { createdAt: 'asc' },
    });
    expect(refused).toHaveLength(before + 2);
    expect(refused.at(-2)).toMatchObject({ actor: `slack:${MARIA}` });
    expect(JSON.parse(refused.at(-2)!.metadata)).toEqual({ what: 'invite contacts', userId: MARIA });
  });

  it('once beta has admins, the refusal names them instead of the operators', async () => {
    expect(await say(`admins add ${BOB}`, ADMIN, BETA)).toContain(`<@${BOB}> can now administer *Beta &amp; Co*`);
    expect(await say('failed', MARIA, BETA)).toBe(
      `Only portal admins can see and re-send failed messages. In this channel that means the admins of *Beta &amp; Co*: ask <@${BOB}> to do it, or to add you.`,
    );
    // And beta's admin has no say over acme.
    expect(await say('admins list', BOB, ACME)).toContain(
      `In this channel that means the admins of *Acme Academy*: ask <@${MARIA}>, <!subteam^S0LEADS>`,
    );
  });

  it('a member of an admin user group is an admin of that account only, and may change its admins', async () => {
    t.fake.setGroupMembers('S0LEADS', [LEAD]);
    expect(await say(`admins remove <@${MARIA}|maria>`, LEAD, ACME)).toBe(
      `<@${MARIA}> no longer administers *Acme Academy*. (Operators stay admins of every account.)`,
    );
    expect(await say('invite zed@example.com', LEAD, BETA)).toContain('Only portal admins can invite contacts');
    expect(await say('invite zed@example.com', MARIA, ACME)).toContain('Only portal admins can invite contacts');
    expect(await say(`admins remove <@${MARIA}>`, LEAD, ACME)).toBe(
      `subject: ${MARIA} is not an admin of the account acme`,
    );
    const acme = await accountOf('acme');
    const removed = await db().auditEvent.findMany({ where: { accountId: acme.id, action: 'account.admin_removed' } });
    expect(removed.map((e) => [e.actor, e.subject])).toEqual([[`slack:${LEAD}`, `slack:${MARIA}`]]);
    t.fake.setGroupMembers('S0LEADS', []);
  });

  it('answers a plain @name (escaping off) and an unknown action with what to type instead', async () => {
    const plain = await say('admins add @maria', ADMIN, ACME);
    expect(plain).toContain('mention people or user groups, e.g. @maria or @support-leads');
    expect(plain).toContain('Slack sent this as plain text, not a mention');
    expect(plain).toContain('Usage: `/portal admins [list] | add @person-or-group … | remove @person-or-group …`');
    expect(await say('admins promote U1', ADMIN, ACME)).toContain('"promote" is not an admins action');
  });
});

describe.each(testProviders)('/portal accounts, operators only, on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { PORTAL_ADMINS: undefined, PORTAL_OPERATORS: `${ADMIN} S0OPS` });
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  async function say(text: string, user: string): Promise<string> {
    const sent = await t.command(text, { user });
    const posted = await t.fake.waitFor(() => t.fake.responsesTo(sent.responseId)[0]);
    return String(posted.body.text);
  }

  it('lists, creates, renames and archives accounts with the CLI wording', async () => {
    expect(await say('accounts create Acme Academy --slug acme', ADMIN)).toContain(
      'Created account "Acme Academy" (`acme`)',
    );
    expect(await say('accounts rename acme "Acme Academy Pro"', ADMIN)).toBe(
      'Account `acme` is now called "Acme Academy Pro".',
    );
    const listed = await say('accounts', ADMIN);
    expect(listed).toContain('*2 account(s)*');
    expect(listed).toMatch(/• \*Client Portal\* {2}`default` {2}http:\/\/\S+\/portal\n/);
    expect(listed).toMatch(/• \*Acme Academy Pro\* {2}`acme` {2}http:\/\/\S+\/a\/acme$/);
    expect(await say('accounts archive acme', ADMIN)).toBe(
      'Archived account `acme`: its data stays, and it sends no new invites or links.',
    );
    expect(await say('accounts list', ADMIN)).not.toContain('acme');
    expect(await say('accounts list archived', ADMIN)).toMatch(
      /• \*Acme Academy Pro\* {2}`acme` .* _archived \d{4}-\d\d-\d\d_/,
    );
    const acme = await db().account.findUniqueOrThrow({ where: { slug: 'acme' } });
    const events = await db().auditEvent.findMany({
      where: { accountId: acme.id, action: { startsWith: 'account.' } },
    });
    expect(events.map((e) => e.actor)).toEqual([`slack:${ADMIN}`, `slack:${ADMIN}`, `slack:${ADMIN}`]);
  });

  it('names the field in bad input, and a member of an operator user group is an operator', async () => {
    expect(await say('accounts create Nameless', ADMIN)).toContain('name and slug: /portal accounts create');
    expect(await say('accounts create Bad --slug "Bad Slug"', ADMIN)).toContain('slug: lower-case letters');
    t.fake.setGroupMembers('S0OPS', ['UOPSGRP1']);
    expect(await say('accounts list', 'UOPSGRP1')).toContain('account(s)');
  });

  it('refuses a non-operator, even an admin of the account, with the operators to ask, and audits it', async () => {
    const defaultId = t.app.context.defaultAccount.id;
    await say(`admins add ${MEMBER}`, ADMIN);
    for (const user of [MEMBER, 'USTRANGER']) {
      expect(await say('accounts create Sneaky --slug sneaky', user)).toBe(
        `Only operators can manage accounts. Ask an operator (<@${ADMIN}>, <!subteam^S0OPS>) to do it.`,
      );
    }
    expect(await db().account.count({ where: { slug: 'sneaky' } })).toBe(0);
    const refused = await db().auditEvent.findMany({ where: { accountId: defaultId, action: 'slack.refused' } });
    expect(refused.map((e) => JSON.parse(e.metadata).userId)).toEqual([MEMBER, 'USTRANGER']);
    // The account admin still runs admin commands on their own account.
    expect(await say('admins list', MEMBER)).toContain('*Admins of Client Portal*');
  });
});
