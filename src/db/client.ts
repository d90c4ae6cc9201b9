/**
 * Prisma client factory: SQLite through better-sqlite3 by default, PostgreSQL
 * through pg when the URL says so. Both generated clients come from the same
 * models, so the rest of the code uses one type, `Db`.
 */
import { protectSqliteFile } from './private-files.ts';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { oneWriterSqlite } from './one-writer-sqlite.ts';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';

export type Db = SqliteClient;
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbProvider = 'sqlite' | 'postgresql';

export function providerOf(databaseUrl: string): DbProvider {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** The file path of a `file:` URL, resolved against the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return resolve(databaseUrl.slice('file:'.length).replace(/\?.*$/, ''));
}

/** A PostgreSQL URL split into the connection string and the `?schema=` pg needs apart. */
export function postgresTarget(databaseUrl: string): { connectionString: string; schema?: string } {
  const parsed = new URL(databaseUrl);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

export interface CreateDbOptions {
  /** PostgreSQL pool size. @default 10 */
  poolSize?: number;
}

export async function createDb(databaseUrl: string, options: CreateDbOptions = {}): Promise<Db> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    protectSqliteFile(path);
    // timeout is better-sqlite3's busy timeout: wait for a writer instead of failing with SQLITE_BUSY.
    const adapter = oneWriterSqlite(new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 10_000 }));
    const db = new SqliteClient({ adapter });
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    return db;
  }
  const { connectionString, schema } = postgresTarget(databaseUrl);
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 }, schema ? { schema } : undefined);
  // Same models, same API: the PostgreSQL client is typed as the SQLite one.
  return new PostgresClient({ adapter }) as unknown as Db;
}
