/**
 * Prisma's better-sqlite3 adapter runs everything on one connection. Its
 * transactions take a lock, but its other queries do not: a query that
 * arrives while another request's transaction is open runs inside that
 * transaction, and is undone if that transaction rolls back, after its own
 * caller was told it succeeded (an outbox update, a session, a contact).
 * The wrapper here makes every query outside a transaction wait until no
 * transaction is open, and each transaction wait for the one before it.
 * test/db/sqlite-isolation.test.ts shows the failure it prevents.
 *
 * Code inside a `$transaction` callback must use the callback's client: a
 * query through the outer client there waits for its own transaction to end.
 */
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDriver } from './driver-transaction.ts';

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

type Lock = { acquire(): Promise<() => void> };

/** A FIFO lock: acquire() resolves with the function that releases it. */
function createLock(): Lock {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const previous = tail;
      tail = previous.then(() => released);
      return previous.then(() => release);
    },
  };
}

/**
 * The guarded adapter factory, and the driver under it: its connection and
 * lock, for transactions that bypass Prisma (src/db/driver-transaction.ts)
 * but must still take turns with it.
 */
export function oneWriterSqlite(factory: PrismaBetterSQLite3): { adapter: PrismaBetterSQLite3; driver: SqliteDriver } {
  const lock = createLock();
  let connection: BetterSqlite3.Database | undefined;
  const wrapped = Object.create(factory) as PrismaBetterSQLite3;
  wrapped.connect = async () => {
    const adapter = await factory.connect();
    // The adapter's better-sqlite3 Database (a public field of the adapter, untyped).
    connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    return guard(adapter, lock, exclusive);
  };
  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
  const driver: SqliteDriver = {
    kind: 'sqlite',
    connection() {
      if (!connection) throw new Error('SQLite driver: Prisma has not connected yet');
      return connection;
    },
    exclusive,
  };
  return { adapter: wrapped, driver };
}

function guard(adapter: Adapter, lock: Lock, exclusive: <T>(work: () => Promise<T>) => Promise<T>): Adapter {
  const writeLock = takeWriteLockFirst(adapter);
  const guarded = Object.create(adapter) as Adapter;
  guarded.queryRaw = (query) => exclusive(() => adapter.queryRaw(query));
  guarded.executeRaw = (query) => exclusive(() => adapter.executeRaw(query));
  guarded.executeScript = (script) => exclusive(() => adapter.executeScript(script));
  guarded.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    try {
      await writeLock.begin();
      return releasingOnEnd(await adapter.startTransaction(isolationLevel), release);
    } catch (error) {
      writeLock.abandon();
      release();
      throw error;
    }
  };
  return guarded;
}

/** The transaction, releasing the lock once it commits or rolls back. */
function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  let open = true;
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      if (open) release();
      open = false;
    }
  };
  const tracked = Object.create(transaction) as Transaction;
  tracked.commit = end(() => transaction.commit());
  tracked.rollback = end(() => transaction.rollback());
  return tracked;
}

/**
 * The adapter opens transactions with a plain (deferred) BEGIN. In WAL mode a
 * deferred transaction that reads and then writes fails at once with
 * SQLITE_BUSY ("database is locked"; SQLITE_BUSY_SNAPSHOT, the busy timeout
 * does not apply) when another process committed in between: the CLI
 * importing while the service sends. The outbox lost the write recording a
 * send and its messages stayed `sending` (issue 10, item 3;
 * test/db/sqlite-two-processes.test.ts: 118 of 209 such transactions failed
 * before, none after). So the write lock is taken first, with BEGIN
 * IMMEDIATE, and the adapter's own BEGIN becomes a no-op. It is taken here
 * rather than by the adapter because the adapter leaks its internal mutex
 * when BEGIN throws (every later transaction would hang); here a BEGIN that
 * waited out the busy timeout is tried again, then reported.
 */
function takeWriteLockFirst(adapter: Adapter): { begin(): Promise<void>; abandon(): void } {
  const client = (
    adapter as unknown as { client?: { prepare(sql: string): { run(): unknown }; inTransaction: boolean } }
  ).client;
  if (!client || typeof client.prepare !== 'function')
    throw new Error('better-sqlite3 adapter without a client: cannot open transactions with BEGIN IMMEDIATE');
  const prepare = client.prepare.bind(client);
  let begun = false;
  client.prepare = (sql: string) => {
    if (sql === 'BEGIN' && begun) {
      begun = false;
      return prepare('SELECT 1 WHERE 0');
    }
    return prepare(sql);
  };
  return {
    async begin() {
      for (let attempt = 1; ; attempt++) {
        try {
          prepare('BEGIN IMMEDIATE').run();
          begun = true;
          return;
        } catch (error) {
          // Each try already waited the busy timeout (10 s) for the other process's writer.
          if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 6) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    },
    abandon() {
      if (client.inTransaction) prepare('ROLLBACK').run();
      begun = false;
    },
  };
}
