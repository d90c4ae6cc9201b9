/**
 * #12 §5 through the CLI as people run it: `portal-desk` as a child process
 * (bin/portal-desk.mjs), on SQLite and PostgreSQL, checking output, --json
 * and exit codes (0 done, 1 refused, 2 usage).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.ts';
import { createEmptyDatabase, testProviders, type TestDatabase } from '../support/test-database.ts';
import { runCli } from '../support/cli-process.ts';

describe.each(testProviders)('CLI support toolkit (child process) on %s', (provider) => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let db: Db;

  const cli = (...argv: string[]) => runCli(env, argv);
  const json = async (...argv: string[]) => {
    const r = await cli(...argv, '--json');
    expect(r.err, argv.join(' ')).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-cli12-'));
    database = await createEmptyDatabase(provider);
    env = { DATABASE_URL: database.url, DATA_DIR: dir, PUBLIC_URL: 'https://desk.example.com', LOG_LEVEL: 'error' };
    expect((await cli('invite', 'ana@example.com', 'ben@example.com')).code).toBe(0);
    db = await createDb(database.url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('contact, grant and revoke, with --json and exit codes', async () => {
    const granted = await json('grant', 'ana@example.com', 'course', 'Intro', 'to', 'SEO');
    expect(granted).toMatchObject({
      changed: true,
      grant: { kind: 'course', resourceName: 'Intro to SEO', grantedBy: 'system' },
    });
    expect((await cli('grant', 'ana@example.com', 'course', 'Intro to SEO')).out).toMatch(
      /already has course "Intro to SEO"/,
    );
    const card = await cli('contact', 'ana@example.com');
    expect(card.out).toMatch(/status invited/);
    expect(card.out).toMatch(/access: course Intro to SEO/);
    expect(card.out).toMatch(/invite by email to ana@example.com: pending/);
    expect((await json('contact', 'ana@example.com')).grants).toHaveLength(1);
    expect((await json('revoke', 'ana@example.com', 'course', 'Intro to SEO')).grant.revokedAt).not.toBeNull();
    const unknown = await cli('contact', 'nobody@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/nobody@example.com/);
    expect((await cli('grant', 'ana@example.com')).code).toBe(2);
    expect((await cli('grant', 'ana@example.com', 'castle', 'x')).code).toBe(1);
  }, 120_000);

  it('lists with filters and pages, exports CSV to stdout and to a file', async () => {
    await db.contact.updateMany({
      where: { email: 'ben@example.com' },
      data: { invitedAt: new Date(Date.now() - 10 * 86_400_000) },
    });
    const page = await json('list', 'invited', '--limit', '1');
    expect(page.contacts).toHaveLength(1);
    expect(page.nextCursor).toBeTruthy();
    const second = await json('list', 'invited', '--limit', '1', '--cursor', page.nextCursor);
    expect(second.contacts[0].id).not.toBe(page.contacts[0].id);
    expect((await json('list', 'never-active', '7')).contacts.map((c: { email: string }) => c.email)).toEqual([
      'ben@example.com',
    ]);
    expect((await cli('list', 'sleeping')).code).toBe(2);
    const csv = await cli('export', 'never-active');
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')).toHaveLength(3);
    const file = join(dir, 'out.csv');
    expect((await cli('export', '--output', file)).out).toBe(`Wrote 2 contact(s) to ${file}.`);
    expect(readFileSync(file, 'utf8')).toMatch(/^id,email,phone/);
  }, 120_000);

  it('shows failed messages with their reason and re-sends one; remind asks first', async () => {
    const [message] = await db.message.findMany({ where: { toAddress: 'ben@example.com' } });
    await db.message.update({
      where: { id: message!.id },
      data: { status: 'dead', lastError: 'gave up after 8 attempts: 503 from provider' },
    });
    const listed = await cli('failed');
    expect(listed.out).toMatch(
      new RegExp(
        `${message!.id}  invite by email to ben@example.com: dead: gave up after 8 attempts: 503 from provider`,
      ),
    );
    expect((await json('requeue', message!.id)).message.status).toBe('pending');
    const again = await cli('requeue', message!.id);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/not dead/);
    const asked = await cli('remind', '5');
    expect(asked.code).toBe(1);
    expect(asked.out).toMatch(/^Re-send the invite to 1 contact\(s\) who never signed in \(ben@example.com\)\?$/);
    expect(asked.err).toBe('Nothing was done: there is no terminal to confirm on. Run again with --yes to go ahead.');
    const before = await db.message.count();
    expect((await cli('remind', '5', '--yes')).out).toMatch(/Reminder queued for 1 contact/);
    expect(await db.message.count()).toBe(before + 1);
    expect((await cli('remind', 'soon')).code).toBe(2);
  }, 120_000);

  it('templates get, set (refusing unknown fields with exit 1), reset', async () => {
    expect((await cli('templates', 'get', 'login', 'sms')).out).toMatch(/built-in/);
    const bad = await cli('templates', 'set', 'login', 'sms', '--text', 'Hi {{contact.nickname}}');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /unknown merge field\(s\) \{\{contact.nickname\}\}.*Known fields: \{\{contact.first_name\}\}/,
    );
    const body = join(dir, 'sms.txt');
    writeFileSync(body, '{{portal.name}}: {{portal.login_url}}');
    expect((await json('templates', 'set', 'login', 'sms', '--file', body)).template).toMatchObject({
      custom: true,
      body: '{{portal.name}}: {{portal.login_url}}',
    });
    expect((await db.template.findMany()).map((t) => t.kind)).toEqual(['login']);
    expect((await json('templates', 'reset', 'login', 'sms')).reset).toBe(true);
    expect(await db.template.count()).toBe(0);
    expect((await cli('templates', 'get', 'welcome', 'sms')).code).toBe(2);
  }, 120_000);

  it('settings show and change, refusing a bad sender with exit 1; audit reads it all back as sentences', async () => {
    expect((await cli('settings')).out).toMatch(
      /link lifetimes \(minutes\)\s+invite 10080, login 1440, code 10, reset 60/,
    );
    const changed = await json(
      'settings',
      '--portal-name',
      'Acme Academy',
      '--sender-name',
      'Acme',
      '--sender-address',
      'hello@acme.example',
      '--reply-to',
      'desk@acme.example',
      '--login-minutes',
      '120',
    );
    expect(changed.settings).toMatchObject({
      portalName: 'Acme Academy',
      sender: { name: 'Acme', address: 'hello@acme.example' },
      replyTo: 'desk@acme.example',
      linkLifetimes: { login: 120 },
    });
    expect(await db.account.findFirst({ select: { name: true, emailFrom: true, loginTtlMinutes: true } })).toEqual({
      name: 'Acme Academy',
      emailFrom: 'Acme <hello@acme.example>',
      loginTtlMinutes: 120,
    });
    const bad = await cli('settings', '--sender-address', 'nope', '--code-minutes', '999');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /sender.address: "nope" is not an email address; linkLifetimes.code: whole minutes from 1 to 60/,
    );
    expect((await cli('settings', '--login-minutes', 'soon')).code).toBe(2);
    const audit = await cli('audit', '--contact', 'ana@example.com');
    expect(audit.out).toMatch(/ana@example.com invited via email$/m);
    expect(audit.out).toMatch(/ana@example.com given Intro to SEO$/m);
    const page = await json('audit', '--type', 'settings.updated');
    expect(page.data[0].sentence).toBe('Settings changed (portalName, sender, replyTo, linkLifetimes.login)');
    expect((await cli('audit', '--since', 'yesterday-ish')).code).toBe(2);
  }, 120_000);
});
