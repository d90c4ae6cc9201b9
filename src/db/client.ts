/**
 * Prisma client factory: SQLite through better-sqlite3 by default, PostgreSQL
 * through pg when the URL says so. Both generated clients come from the same
 * models, so the rest of the code uses one type, `Db`.
 */
import { backstopPages, startWalCheckpointer } from './sqlite-wal-checkpointer.ts';
import { protectSqliteFile } from './private-files.ts';
import { dirname, resolve } from 'node:path';
import { oneWriterSqlite } from './one-writer-sqlite.ts';
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { registerDriver } from './driver-transaction.ts';

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
  /** PostgreSQL pool size (DATABASE_POOL_SIZE). @default 10 */
  poolSize?: number;
  /**
   * How long an interactive transaction waits for a connection
   * (DATABASE_TRANSACTION_WAIT_SECONDS). Prisma's 2 s default refused work
   * under a burst of 100 link creations on a loaded machine ("Unable to start
   * a transaction in the given time"); a burst should queue, not fail.
   * @default 30000
   */
  transactionWaitMs?: number;
  /** How long an interactive transaction may run (DATABASE_TRANSACTION_TIMEOUT_SECONDS). @default 60000 */
  transactionTimeoutMs?: number;
  /**
   * SQLite: checkpoint the WAL from a worker thread (src/db/sqlite-wal-checkpointer.ts),
   * for long-running processes (the service, the delivery worker); not the CLI. @default false
   */
  checkpointInBackground?: boolean;
}

const sqliteClients = new WeakSet<object>();

/**
 * After an erasure: copies the WAL into the main file and empties it, so the
 * old versions of the erased rows that the WAL still holds are gone too.
 * Nothing to do on PostgreSQL (its dead row versions are not table contents
 * and autovacuum reclaims them).
 *
 * A checkpoint another connection is running (the service's checkpointer
 * thread, src/db/sqlite-wal-checkpointer.ts, or another process) makes SQLite
 * answer "busy" at once instead of waiting; so does a reader still on old
 * pages. It is asked again until the WAL is empty, for up to `waitMs`.
 * @returns false when the WAL was still busy at the end of the wait.
 */
export async function flushErasedData(db: Db, options: { waitMs?: number } = {}): Promise<boolean> {
  if (!sqliteClients.has(db)) return true;
  const giveUpAt = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    const [result] = await db.$queryRawUnsafe<Array<{ busy: number | bigint }>>('PRAGMA wal_checkpoint(TRUNCATE)');
    if (Number(result?.busy) === 0) return true;
    if (Date.now() >= giveUpAt) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Only the chosen provider's client and adapter are loaded (imported here, not at the top): each
 * generated client costs a few hundred ms to load, which every CLI call paid twice (docs/benchmarks.md).
 */
export async function createDb(databaseUrl: string, options: CreateDbOptions = {}): Promise<Db> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const [{ PrismaBetterSQLite3 }, { PrismaClient: SqliteClient }] = await Promise.all([
      import('@prisma/adapter-better-sqlite3'),
      import('./generated/sqlite/client.ts'),
    ]);
    const path = sqlitePath(databaseUrl);
    protectSqliteFile(path);
    // timeout is better-sqlite3's busy timeout: wait for a writer instead of failing with SQLITE_BUSY.
    const { adapter, driver } = oneWriterSqlite(new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 10_000 }));
    const db = new SqliteClient({ adapter, transactionOptions: transactionOptions(options) });
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    // Erasure (src/core/lifecycle/erase-contact.ts) must leave no copy of a
    // person's data in the file: freed cells and pages are zeroed, not left
    // for later reuse. test/lifecycle/erase.test.ts scans the files for it.
    await db.$executeRawUnsafe('PRAGMA secure_delete = ON');
    if (options.checkpointInBackground) {
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${backstopPages}`);
      const checkpointer = startWalCheckpointer(path);
      const disconnect = db.$disconnect.bind(db);
      // Stopped first: its last checkpoint runs while the service's connection is still open.
      db.$disconnect = async () => {
        await checkpointer.stop();
        await disconnect();
      };
    }
    sqliteClients.add(db);
    registerDriver(db, driver);
    return db;
  }
  const [{ PrismaPg }, { PrismaClient: PostgresClient }, { default: pg }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('./generated/postgresql/client.ts'),
    import('pg'),
  ]);
  const { connectionString, schema } = postgresTarget(databaseUrl);
  // Our own pool, handed to Prisma, so that link redemption can use it directly (src/db/driver-transaction.ts).
  // With ?schema=, hand-written SQL (unqualified names) must find the tables there too.
  const searchPath = schema && /^[A-Za-z_][A-Za-z0-9_]*$/.test(schema) ? `-c search_path=${schema}` : undefined;
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    ...(searchPath ? { options: searchPath } : {}),
  });
  const adapter = new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true });
  // Same models, same API: the PostgreSQL client is typed as the SQLite one.
  const db = new PostgresClient({ adapter, transactionOptions: transactionOptions(options) }) as unknown as Db;
  registerDriver(db, { kind: 'postgresql', pool, connectionString, ...(searchPath ? { options: searchPath } : {}) });
  return db;
}

function transactionOptions(options: CreateDbOptions): { maxWait: number; timeout: number } {
  return { maxWait: options.transactionWaitMs ?? 30_000, timeout: options.transactionTimeoutMs ?? 60_000 };
}
