/**
 * Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL
 * database on TEST_POSTGRES_URL's server, migrated with the project's own
 * migrator and dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db, type DbProvider } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/** SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set (CI sets it). */
export const testProviders: DbProvider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  /** Created (not migrated) but not opened: for migration tests. */
  drop(): Promise<void>;
}

export async function createEmptyDatabase(provider: DbProvider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'portal-desk-test-'));
    return {
      provider,
      url: `file:${join(dir, 'portal.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface MigratedDatabase extends TestDatabase {
  db: Db;
  close(): Promise<void>;
}

export async function createTestDatabase(
  provider: DbProvider,
  options: { poolSize?: number } = {},
): Promise<MigratedDatabase> {
  const empty = await createEmptyDatabase(provider);
  await migrate(empty.url);
  const db = await createDb(empty.url, options);
  return {
    ...empty,
    db,
    close: async () => {
      await db.$disconnect();
      await empty.drop();
    },
  };
}
