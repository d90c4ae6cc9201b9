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
  return run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/db/migrate-cli.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

async function appliedRows(
  database: TestDatabase,
): Promise<Array<{ migration_name: string; checksum: string; finished_at: unknown }>> {
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
    cpSync(join(root, 'prisma', provider, 'migrations'), join(copy, 'prisma', provider, 'migrations'), {
      recursive: true,
    });
    appendFileSync(join(copy, 'prisma', provider, 'migrations', first.applied[0]!, 'migration.sql'), '\n-- edited\n');
    await expect(migrate(database.url, { projectRoot: copy })).rejects.toBeInstanceOf(MigrationChecksumMismatch);
  });
});

describe.each(testProviders)('upgrading a database with data on %s', (provider) => {
  it('keeps every row and every reference when a later migration rebuilds a table', async () => {
    const database = await createEmptyDatabase(provider);
    const firstOnly = mkdtempSync(join(tmpdir(), 'portal-desk-migrations-'));
    try {
      const [first] = listMigrations(provider);
      cpSync(
        join(root, 'prisma', provider, 'migrations', first!.name),
        join(firstOnly, 'prisma', provider, 'migrations', first!.name),
        { recursive: true },
      );
      expect((await migrate(database.url, { projectRoot: firstOnly })).applied).toEqual([first!.name]);
      const rows = [
        `INSERT INTO "Account" ("id", "name", "slug", "portalUrl", "updatedAt") VALUES ('acc', 'Acme', 'acme', 'http://portal.test', '2026-01-01T00:00:00.000+00:00')`,
        `INSERT INTO "Contact" ("id", "accountId", "email", "updatedAt") VALUES ('con', 'acc', 'ann@example.com', '2026-01-01T00:00:00.000+00:00')`,
        `INSERT INTO "BulkJob" ("id", "accountId", "kind", "total", "requestedBy") VALUES ('job', 'acc', 'invite', 1, 'system')`,
        `INSERT INTO "Message" ("id", "accountId", "contactId", "bulkJobId", "channel", "template", "toAddress", "idempotencyKey", "updatedAt") VALUES ('msg', 'acc', 'con', 'job', 'email', 'invite', 'ann@example.com', 'key', '2026-01-01T00:00:00.000+00:00')`,
      ];
      const read = `SELECT m."bulkJobId", j."kind" FROM "Message" m JOIN "BulkJob" j ON j."id" = m."bulkJobId"`;
      let after: unknown[];
      if (provider === 'sqlite') {
        const db = new Database(sqlitePath(database.url));
        for (const sql of rows) db.exec(sql);
        db.close();
        await migrate(database.url);
        const check = new Database(sqlitePath(database.url), { readonly: true });
        after = check.prepare(read).all();
        check.close();
      } else {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        for (const sql of rows) await client.query(sql);
        await migrate(database.url);
        after = (await client.query(read)).rows;
        await client.end();
      }
      expect(after).toEqual([{ bulkJobId: 'job', kind: 'invite' }]);
    } finally {
      rmSync(firstOnly, { recursive: true, force: true });
      await database.drop();
    }
  });
});
