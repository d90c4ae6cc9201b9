/**
 * `portal-desk accounts …` and `apikey create --operator` as an operator runs them: a child process on a real
 * database, checking output, --json and exit codes (0 done, 1 refused, 2 usage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { openCliWorkspace, type CliWorkspace } from '../support/cli-process.ts';
import type { Db } from '../../src/db/client.ts';
import type { Core } from '../../src/core/core.ts';
import { sha256 } from '../../src/core/shared/secret-hash.ts';

// Each test starts the CLI several times; one start takes seconds on a loaded machine (tsx, Prisma), hence 120 s.
describe.each(testProviders)('CLI accounts and operator keys (child process), on %s', (provider) => {
  let ws: CliWorkspace;
  let db: Db;
  let core: Core;
  const cli = (...args: string[]) => ws.cli(...args);
  beforeAll(async () => {
    ws = await openCliWorkspace(provider, 'accounts');
    ({ db, core } = ws);
  });
  afterAll(async () => {
    await ws?.close();
  });

  it('creates, lists, renames and archives an account; the archived one refuses invites', async () => {
    const created = await cli('accounts', 'create', 'Acme Academy', '--slug', 'acme');
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toBe('Created account "Acme Academy" (acme), portal https://desk.example.com/a/acme.');
    const taken = await cli('accounts', 'create', 'Acme Again', '--slug', 'acme');
    expect(taken.code).toBe(1);
    expect(taken.err).toBe('error: slug: an account with slug "acme" exists');

    const renamed = await cli('accounts', 'rename', 'acme', 'Acme Academy Pro', '--json');
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.out)).toMatchObject({ slug: 'acme', name: 'Acme Academy Pro', archivedAt: null });

    const listed = await cli('accounts', 'list', '--json');
    expect(JSON.parse(listed.out).map((a: { slug: string }) => a.slug)).toEqual(['default', 'acme']);

    const archived = await cli('accounts', 'archive', 'acme');
    expect(archived.code).toBe(0);
    expect(archived.out).toMatch(/^Archived account acme/);
    const invite = await cli('invite', 'ana@example.com', '--account', 'acme');
    expect(invite.code).toBe(1);
    expect(invite.err).toMatch(/account "acme" is archived/);
    expect(await db.contact.count()).toBe(0);
    expect((await cli('accounts', 'list')).out).not.toMatch(/acme/);
    expect((await cli('accounts', 'list', '--archived')).out).toMatch(/acme {2}Acme Academy Pro .* archived \d{4}-/);

    const keepDefault = await cli('accounts', 'archive', 'default');
    expect(keepDefault.code).toBe(1);
    expect(keepDefault.err).toMatch(/default account cannot be archived/);
    const events = await db.auditEvent.findMany({ where: { action: { startsWith: 'account.' } } });
    expect(events.filter((e) => e.actor === 'system').map((e) => e.action)).toEqual(
      expect.arrayContaining(['account.created', 'account.renamed', 'account.archived']),
    );
  }, 120_000);

  it('answers usage mistakes with exit code 2', async () => {
    expect((await cli('accounts')).code).toBe(2);
    expect((await cli('accounts', 'create', 'No slug')).code).toBe(2);
    expect((await cli('accounts', 'rename', 'acme')).code).toBe(2);
    expect((await cli('accounts', 'archive')).code).toBe(2);
    expect((await cli('accounts', 'create', 'X', '--slug')).code).toBe(2);
  }, 120_000);

  it('creates an operator key, shown once and stored hashed with the operator flag', async () => {
    const made = await cli('apikey', 'create', 'Agency', 'ops', '--operator', '--json');
    expect(made.code).toBe(0);
    const { key, operator, id } = JSON.parse(made.out);
    expect(operator).toBe(true);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ operator: true, keyHash: sha256(key), name: 'Agency ops' });
    expect(JSON.stringify(row)).not.toContain(key);
    const plain = JSON.parse((await cli('apikey', 'create', 'Checkout', '--json')).out);
    expect(plain.operator).toBe(false);
    expect((await cli('apikey', 'list')).out).toMatch(/Agency ops \(operator\)/);
  }, 120_000);
});
