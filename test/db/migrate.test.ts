import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { testProviders, createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';
import { listMigrations, migrate, MigrationChecksumMismatch } from '../../src/db/migrate.ts';
import { sqlitePath } from '../../src/db/client.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** Starts `npm run db:migrate`'s entry point as a separate process. */
function migrator(databaseUrl: string) {
  return run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/db/migrate-cli.ts')], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
}

async function appliedRows(database: TestDatabase): Promise<Array<{ migration_name: string; checksum: string; finished_at: unknown }>> {
  const sql = 'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name';
  if (database.provider === 'sqlite') {
    const db = new Database(sqlitePath(database.url), { readonly: true });
    try {
      return db.prepare(sql).all() as never;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.each(testProviders)('migrations on %s', (provider) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('two migrators started at the same moment on a fresh database apply each migration once', async () => {
    const database = await createEmptyDatabase(provider);
    cleanups.push(database.drop);
    const outputs = await Promise.all([migrator(database.url), migrator(database.url)]);
    const migrations = listMigrations(provider);
    expect(migrations.length).toBeGreaterThan(0);
    const said = outputs.map((o) => o.stdout.trim()).sort();
    // One of them did the work; the other waited and found it done (or, on
    // SQLite, they may split it); either way every migration is applied once.
    expect(said.join('\n')).toMatch(/applied|up to date/);
    const rows = await appliedRows(database);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    for (const row of rows) expect(row.finished_at).not.toBeNull();
  });

  it('is idempotent and refuses a migration edited after it was applied', async () => {
    const database = await createEmptyDatabase(provider);
    cleanups.push(database.drop);
    const first = await migrate(database.url);
    expect(first.applied).toEqual(listMigrations(provider).map((m) => m.name));
    const second = await migrate(database.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const copy = mkdtempSync(join(tmpdir(), 'portal-desk-migrations-'));
    cleanups.push(async () => rmSync(copy, { recursive: true, force: true }));
    cpSync(join(root, 'prisma', provider, 'migrations'), join(copy, 'prisma', provider, 'migrations'), { recursive: true });
    appendFileSync(join(copy, 'prisma', provider, 'migrations', first.applied[0]!, 'migration.sql'), '\n-- edited\n');
    await expect(migrate(database.url, { projectRoot: copy })).rejects.toBeInstanceOf(MigrationChecksumMismatch);
  });
});
