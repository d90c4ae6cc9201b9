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

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/** A FIFO lock: acquire() resolves with the function that releases it. */
function createLock(): { acquire(): Promise<() => void> } {
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

export function oneWriterSqlite(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const wrapped = Object.create(factory) as PrismaBetterSQLite3;
  wrapped.connect = async () => guard(await factory.connect());
  return wrapped;
}

function guard(adapter: Adapter): Adapter {
  const lock = createLock();
  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
  const guarded = Object.create(adapter) as Adapter;
  guarded.queryRaw = (query) => exclusive(() => adapter.queryRaw(query));
  guarded.executeRaw = (query) => exclusive(() => adapter.executeRaw(query));
  guarded.executeScript = (script) => exclusive(() => adapter.executeScript(script));
  guarded.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    try {
      return releasingOnEnd(await adapter.startTransaction(isolationLevel), release);
    } catch (error) {
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
