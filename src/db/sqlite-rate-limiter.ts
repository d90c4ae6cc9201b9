/**
 * rate-limiter-flexible's SQLite limiter with its statement prepared once,
 * and the counts asked for in one turn of the event loop written in one
 * transaction.
 *
 * Why: RateLimiterSQLite prepares its upsert again on every request and wraps
 * that one statement in a transaction of its own; on the sign-in link path
 * the prepare alone was 6.6 % of the server's CPU (bench/redeem profile,
 * docs/benchmarks.md). One INSERT … ON CONFLICT … RETURNING is atomic by
 * itself, so it runs from a statement cached per text. Each transaction then
 * still cost a commit, about 8 % of the server's CPU on a click storm: the
 * upserts of one turn now share one. They run one after another inside it,
 * so each caller gets exactly the count it got before.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { RateLimiterSQLite } from 'rate-limiter-flexible';

interface Pending {
  statement: BetterSqlite3.Statement;
  params: unknown[];
  resolve(row: unknown): void;
  reject(error: unknown): void;
}

/** The upserts waiting for the next turn, per connection (every limiter of a store shares its connection). */
const pendingByConnection = new WeakMap<BetterSqlite3.Database, Pending[]>();

export class SqliteRateLimiter extends RateLimiterSQLite {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  async _upsertTransactionBetterSQLite3(
    connection: BetterSqlite3.Database,
    upsertQuery: string,
    upsertParams: unknown[],
  ): Promise<unknown> {
    let statement = this.#statements.get(upsertQuery);
    if (!statement) this.#statements.set(upsertQuery, (statement = connection.prepare(upsertQuery)));
    let pending = pendingByConnection.get(connection);
    if (!pending) pendingByConnection.set(connection, (pending = []));
    if (pending.length === 0) setImmediate(() => writeTogether(connection));
    const waiting = pending;
    return new Promise((resolve, reject) => waiting.push({ statement, params: upsertParams, resolve, reject }));
  }
}

function writeTogether(connection: BetterSqlite3.Database): void {
  const batch = pendingByConnection.get(connection)?.splice(0) ?? [];
  let outcomes: Array<{ row?: unknown; error?: unknown }>;
  try {
    outcomes = connection
      .transaction(() =>
        batch.map(({ statement, params }) => {
          try {
            return { row: statement.get(...params) };
          } catch (error) {
            // This call's own trouble (its limiter falls back to memory); the others still count.
            return { error };
          }
        }),
      )
      .immediate();
  } catch (error) {
    // No transaction (the file is locked past the busy timeout, or closed): every call's limiter falls back.
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  batch.forEach((waiting, index) => {
    const outcome = outcomes[index]!;
    if ('error' in outcome) waiting.reject(outcome.error);
    else waiting.resolve(outcome.row);
  });
}
