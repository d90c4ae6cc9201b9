import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { createDb, type Db } from '../../src/db/client.ts';

describe('CLI (portal-desk / npm run cli)', () => {
  let dir: string;
  let env: Record<string, string>;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-cli-'));
    env = { DATABASE_URL: `file:${join(dir, 'portal.db')}`, DATA_DIR: dir, PUBLIC_URL: 'https://desk.example.com' };
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string; answer?: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, print: (t) => out.push(t), printError: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints help, and exits 2 on an unknown command or option', async () => {
    expect((await cli('help')).out).toMatch(/apikey create <name>/);
    expect((await cli('castle')).code).toBe(2);
    const bad = await cli('stats', '--colour');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/colour/);
  });

  it('creates, lists and revokes API keys; the key is printed once', async () => {
    const created = await cli('apikey', 'create', 'Zapier', '--json');
    expect(created.code).toBe(0);
    const { key, id, prefix } = JSON.parse(created.out) as { key: string; id: string; prefix: string };
    expect(key).toMatch(/^pd_[A-Za-z0-9_-]{43}$/);
    const list = await cli('apikey', 'list');
    expect(list.out).toContain(`${prefix}…  Zapier`);
    expect(list.out).not.toContain(key);
    expect((await cli('apikey', 'revoke', id)).out).toMatch(/Revoked "Zapier"/);
    expect((await cli('apikey', 'list')).out).toMatch(/No API keys/);
  });

  it('invites, refusing bad addresses with exit 1 and their reasons', async () => {
    const ok = await cli('invite', 'ana@example.com', '+14155550100', '--grant', 'course:Intro to SEO');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Invited 2 contact\(s\) \(2 new\)/);
    const bad = await cli('invite', 'ana@example.com', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/nope: not an email address or phone number/);
  });

  it('prints a magic link, or queues it with --send', async () => {
    const printed = await cli('magiclink', 'ana@example.com', '--section', 'courses', '--json');
    expect(JSON.parse(printed.out)).toMatchObject({
      url: expect.stringMatching(/^https:\/\/desk\.example\.com\/l\/[\w-]{43}$/),
      section: 'courses',
    });
    const sent = await cli('magiclink', 'ana@example.com', '--send', 'email');
    expect(sent.out).toBe('Login link queued by email to ana@example.com.');
    expect((await cli('login-email', 'ana@example.com')).out).toMatch(/Queued 1 login link\(s\)/);
    expect((await cli('login-email', '+14155550100', '--sms')).out).toMatch(/Queued 1 login link\(s\)/);
    expect((await cli('magiclink', 'nobody@example.com')).code).toBe(1);
  });

  it('imports a CSV: preview and exit 1 without a terminal, imports with --yes', async () => {
    const file = join(dir, 'contacts.csv');
    writeFileSync(
      file,
      'email,first_name,grants\nben@example.com,Ben,community:Founders\nana@example.com,Ana,\nbroken,,\n,Carl,\n',
    );
    const preview = await cli('import', file);
    expect(preview.code).toBe(1);
    expect(preview.out).toMatch(/4 row\(s\): 1 new, 1 already invited .* 2 invalid/);
    expect(preview.out).toMatch(/line 4: broken: not a valid email address/);
    // A row without an address is named once by its line.
    expect(preview.out).toMatch(/^  line 5: no email or phone$/m);
    expect(preview.err).toBe('Nothing was done: there is no terminal to confirm on. Run again with --yes to go ahead.');
    const done = await cli('import', file, '--yes');
    expect(done.out).toMatch(/Imported: 2 invite\(s\) queued \(1 new contacts\)/);
    db = await createDb(env.DATABASE_URL!);
    const ben = await db.contact.findFirstOrThrow({ where: { email: 'ben@example.com' }, include: { grants: true } });
    expect(ben).toMatchObject({ status: 'invited', firstName: 'Ben' });
    expect(ben.grants.map((g) => g.resourceName)).toEqual(['Founders']);
  });

  it('switches the automation and shows stats', async () => {
    expect((await cli('automation', 'on', 'email', 'sms')).out).toBe(
      '"Access granted" automation is on: a new grant sends a login link by email and sms.',
    );
    expect((await cli('automation')).out).toMatch(/is on/);
    expect((await cli('automation', 'off')).out).toMatch(/is off/);
    const stats = JSON.parse((await cli('stats', '--json')).out);
    expect(stats).toMatchObject({ invited: 3, active: 0 });
  });
});
