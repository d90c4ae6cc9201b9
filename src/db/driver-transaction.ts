/**
 * Transactions straight through the driver under Prisma (better-sqlite3, pg),
 * for the one hot path that is nothing but hand-written SQL: link redemption.
 *
 * Why: through Prisma, each `$queryRaw` in an interactive transaction costs
 * its query compiler, its adapter's argument and result mapping and, on
 * PostgreSQL, an unnamed statement parsed again on every call; the statements
 * themselves are a small part of that (bench/redeem, docs/benchmarks.md).
 * Here they are prepared once (better-sqlite3 statements; pg named prepared
 * statements) and run on the same connection (SQLite) or pool (PostgreSQL)
 * that Prisma uses.
 *
 * The work function receives a Tx whose `$queryRaw` and `$executeRaw` run on
 * the driver, so the same code (src/core/*) runs either way. Anything else it
 * asks of the Tx (a model query, e.g. the webhook subscriptions read when an
 * account has subscribers) rolls the driver transaction back and runs the
 * whole work again in a Prisma interactive transaction: same statements, same
 * guarantees, only slower. The work must therefore have no effect outside the
 * transaction before it returns.
 *
 * Values are written as the Prisma adapters write them (dates as ISO text
 * with +00:00 on SQLite, UTC timestamps on PostgreSQL) and read back as
 * Prisma's raw queries answer them (DATETIME / timestamp columns as Date,
 * integers as numbers). test/db/driver-transaction.test.ts checks both.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Db, Tx } from './client.ts';
import { sql as sqlTag, type Sql } from './sql.ts';

/** What the SQLite connection shares with Prisma: the connection and its one-writer lock. */
export interface SqliteDriver {
  kind: 'sqlite';
  connection(): BetterSqlite3.Database;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export interface PgDriver {
  kind: 'postgresql';
  pool: pg.Pool;
  /** For connections of its own (src/db/postgres-rate-limiter.ts). */
  connectionString: string;
  /** Startup options of the pool's connections (the search path for ?schema=). */
  options?: string;
}

export type Driver = SqliteDriver | PgDriver;

const drivers = new WeakMap<object, Driver>();

/** Called by createDb: the driver under this client. */
export function registerDriver(db: object, driver: Driver): void {
  drivers.set(db, driver);
}

/** The pg driver under this client, when it is a PostgreSQL one: for single statements on hot paths. */
export function pgDriverOf(db: object): PgDriver | undefined {
  const driver = drivers.get(db);
  return driver?.kind === 'postgresql' ? driver : undefined;
}

/** Whether `db` runs on PostgreSQL, whose statements can carry writes of their own (src/db/write-chain.ts). */
export function isPostgres(db: object): boolean {
  return drivers.get(db)?.kind === 'postgresql';
}

/**
 * Statements sent without a name (parsed on every call): those whose text has too many shapes to keep
 * prepared on every connection, such as a chain of held writes (src/db/write-chain.ts).
 */
const unnamedStatements = new WeakSet<Sql>();
export function unprepared(statement: Sql): Sql {
  unnamedStatements.add(statement);
  return statement;
}

/** Thrown inside the work when it needs more than raw SQL: the caller falls back to Prisma. */
class NeedsPrisma extends Error {}

/**
 * Runs `work` in one transaction on the driver under `db`, or in a Prisma
 * interactive transaction when the work needs Prisma (or `db` has no driver).
 * @example
 * const spent = await driverTransaction(core.db, (tx) => tx.$queryRaw`UPDATE … RETURNING …`);
 */
export async function driverTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const driver = drivers.get(db);
  if (!driver) return db.$transaction(work);
  try {
    return driver.kind === 'sqlite' ? await sqliteTransaction(driver, work) : await pgTransaction(driver, work);
  } catch (error) {
    if (!(error instanceof NeedsPrisma)) throw error;
    return db.$transaction(work);
  }
}

type Run = (query: Sql) => Promise<{ rows: Array<Record<string, unknown>>; count: number }>;

/** A Tx with only the raw-SQL methods; anything else asks for the Prisma path. */
function rawTx(run: Run): Tx {
  const methods = {
    $queryRaw: async (strings: TemplateStringsArray | Sql, ...values: unknown[]) =>
      (await run(asSql(strings, values))).rows,
    $executeRaw: async (strings: TemplateStringsArray | Sql, ...values: unknown[]) =>
      (await run(asSql(strings, values))).count,
  };
  return new Proxy(methods, {
    get(target, property) {
      if (property === '$queryRaw' || property === '$executeRaw') return target[property];
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new NeedsPrisma(`driver transaction: ${String(property)} needs Prisma`);
    },
    has: (_target, property) => property === '$queryRaw' || property === '$executeRaw',
  }) as unknown as Tx;
}

function asSql(strings: TemplateStringsArray | Sql, values: unknown[]): Sql {
  return Array.isArray(strings) ? sqlTag(strings as TemplateStringsArray, ...values) : (strings as Sql);
}

// --- SQLite: the Prisma adapter's own connection, under its one-writer lock (src/db/one-writer-sqlite.ts)

interface Prepared {
  statement: BetterSqlite3.Statement;
  dateColumns: string[];
}

/** Prepared statements by SQL text; batches of different sizes have different texts, so bounded. */
const sqliteStatements = new WeakMap<BetterSqlite3.Database, Map<string, Prepared>>();
const maxStatements = 500;

function prepare(connection: BetterSqlite3.Database, text: string): Prepared {
  let cache = sqliteStatements.get(connection);
  if (!cache) sqliteStatements.set(connection, (cache = new Map()));
  let prepared = cache.get(text);
  if (!prepared) {
    if (cache.size >= maxStatements) cache.clear();
    const statement = connection.prepare(text);
    // Prisma's adapter turns on safe integers for the connection; its raw queries still answer integers as numbers.
    if (statement.reader) statement.safeIntegers(false);
    const dateColumns = statement.reader
      ? statement
          .columns()
          .filter((column) => column.type?.toUpperCase() === 'DATETIME')
          .map((column) => column.name)
      : [];
    cache.set(text, (prepared = { statement, dateColumns }));
  }
  return prepared;
}

function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

async function sqliteTransaction<T>(driver: SqliteDriver, work: (tx: Tx) => Promise<T>): Promise<T> {
  return driver.exclusive(async () => {
    const connection = driver.connection();
    // Every statement runs synchronously: nothing else can use the connection meanwhile (the lock keeps Prisma out).
    const run: Run = async (query) => {
      const { statement, dateColumns } = prepare(connection, query.sql);
      const values = query.values.map(sqliteValue);
      if (!statement.reader) return { rows: [], count: statement.run(...values).changes };
      const rows = statement.all(...values) as Array<Record<string, unknown>>;
      for (const row of rows)
        for (const column of dateColumns)
          if (typeof row[column] === 'string') row[column] = new Date(row[column] as string);
      return { rows, count: rows.length };
    };
    prepare(connection, 'BEGIN IMMEDIATE').statement.run();
    try {
      const result = await work(rawTx(run));
      prepare(connection, 'COMMIT').statement.run();
      return result;
    } catch (error) {
      if (connection.inTransaction) prepare(connection, 'ROLLBACK').statement.run();
      throw error;
    }
  });
}

// --- PostgreSQL: a client of the pool Prisma uses, named prepared statements

const timestampOid = 1114;
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === timestampOid
      ? // timestamp without time zone holds UTC here (Prisma writes it so); pg would read it as local time.
        (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format as 'text'),
};

function pgValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** The statement's name on every connection: from its text, so that one name never means two statements. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= maxStatements) statementNames.clear();
    statementNames.set(text, (name = `pd_${createHash('sha1').update(text).digest('base64url')}`));
  }
  return name;
}

async function pgTransaction<T>(driver: PgDriver, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await driver.pool.connect();
  let broken: unknown;
  try {
    const run: Run = async (query) => {
      const result = await client.query({
        ...(unnamedStatements.has(query) ? {} : { name: statementName(query.text) }),
        text: query.text,
        values: query.values.map(pgValue),
        types,
      });
      return { rows: result.rows, count: result.rowCount ?? 0 };
    };
    await client.query('BEGIN');
    try {
      const result = await work(rawTx(run));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    }
  } finally {
    // A connection that could not roll back is not given to anyone else.
    client.release(broken instanceof Error ? broken : undefined);
  }
}
