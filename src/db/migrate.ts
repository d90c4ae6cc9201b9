/**
 * Applies the committed migration SQL (prisma/<provider>/migrations) without
 * Prisma's schema engine, which cannot run offline against PostgreSQL here.
 * Applied migrations are recorded in Prisma's own `_prisma_migrations` table,
 * so `prisma migrate status` still reads them.
 *
 * Safe to run from many instances at once: PostgreSQL takes an advisory lock
 * for the whole run, SQLite an immediate (write) transaction per migration.
 */
import { createHash, randomUUID } from 'node:crypto';
import { protectSqliteFile } from './private-files.ts';
import { readdirSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { packageRoot } from '../package-root.ts';
import { providerOf, sqlitePath, postgresTarget, type DbProvider } from './client.ts';

const projectRoot = packageRoot;
/** Arbitrary but fixed: every Portal Desk migrator contends for this lock. */
const ADVISORY_LOCK_KEY = 7_316_402_113;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export function listMigrations(provider: DbProvider, root = projectRoot): Migration[] {
  const dir = join(root, 'prisma', provider, 'migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => /^\d{4}_[a-z0-9_]+$/.test(entry))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationChecksumMismatch extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied; restore it and add a new migration instead`);
  }
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
}

function planPending(all: Migration[], applied: AppliedRow[]): Migration[] {
  const byName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  for (const migration of all) {
    const checksum = byName.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) throw new MigrationChecksumMismatch(migration.name);
  }
  return all.filter((migration) => !byName.has(migration.name));
}

export async function migrate(databaseUrl: string, options: { projectRoot?: string } = {}): Promise<MigrateResult> {
  const provider = providerOf(databaseUrl);
  const migrations = listMigrations(provider, options.projectRoot);
  return provider === 'sqlite' ? migrateSqlite(databaseUrl, migrations) : migratePostgres(databaseUrl, migrations);
}

function migrateSqlite(databaseUrl: string, migrations: Migration[]): MigrateResult {
  const path = sqlitePath(databaseUrl);
  protectSqliteFile(path);
  const db = new Database(path, { timeout: 30_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    // A migration that redefines a table (SQLite cannot alter most columns) drops
    // the old one. With foreign keys on, that drop first deletes every row, and the
    // ON DELETE actions of the tables pointing at it fire (SET NULL, CASCADE):
    // data lost. The PRAGMA in Prisma's migration SQL cannot help, as it is a no-op
    // inside a transaction; it has to be off here, and the keys checked before commit.
    db.pragma('foreign_keys = OFF');
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    const readApplied = () =>
      db
        .prepare(
          'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
        )
        .all() as AppliedRow[];
    result.alreadyApplied = readApplied().map((row) => row.migration_name);
    for (const migration of migrations) {
      // Re-read inside the write lock: another process may have applied it meanwhile.
      db.transaction(() => {
        if (planPending([migration], readApplied()).length === 0) return;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new Error(
            `migration ${migration.name} leaves ${broken.length} row(s) pointing at missing rows; nothing was applied`,
          );
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, new Date().toISOString());
        result.applied.push(migration.name);
      }).immediate();
    }
    result.alreadyApplied = result.alreadyApplied.filter((name) => !result.applied.includes(name));
    return result;
  } finally {
    db.close();
  }
}

async function migratePostgres(databaseUrl: string, migrations: Migration[]): Promise<MigrateResult> {
  // Loaded here: SQLite users (and every CLI call on SQLite) do not pay for the pg driver.
  const { default: pg } = await import('pg');
  const { connectionString, schema } = postgresTarget(databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`).catch(() => undefined);
      await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
    }
    // Held for the whole run: a second instance starting at the same moment
    // waits here, then finds everything applied.
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
      );
      const pending = planPending(migrations, rows);
      const applied: string[] = [];
      for (const migration of pending) {
        // PostgreSQL DDL is transactional: a failed migration leaves nothing behind.
        await client.query('BEGIN');
        try {
          const startedAt = new Date();
          await client.query(stripCreatePublicSchema(migration.sql, schema));
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
          applied.push(migration.name);
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
      }
      return { applied, alreadyApplied: rows.map((row) => row.migration_name) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Prisma's diff starts with CREATE SCHEMA "public"; inside a named schema that is noise. */
function stripCreatePublicSchema(sql: string, schema: string | undefined): string {
  return schema ? sql.replace(/^CREATE SCHEMA IF NOT EXISTS "public";$/m, '') : sql;
}
