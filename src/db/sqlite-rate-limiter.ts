/**
 * rate-limiter-flexible's SQLite limiter with its statement prepared once.
 *
 * Why: RateLimiterSQLite prepares its upsert again on every request and wraps
 * that one statement in a transaction of its own; on the sign-in link path
 * the prepare alone was 6.6 % of the server's CPU (bench/redeem profile,
 * docs/benchmarks.md). One INSERT … ON CONFLICT … RETURNING is atomic by
 * itself, so it runs bare, from a statement cached per text.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { RateLimiterSQLite } from 'rate-limiter-flexible';

export class SqliteRateLimiter extends RateLimiterSQLite {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  async _upsertTransactionBetterSQLite3(
    connection: BetterSqlite3.Database,
    upsertQuery: string,
    upsertParams: unknown[],
  ): Promise<unknown> {
    let statement = this.#statements.get(upsertQuery);
    if (!statement) this.#statements.set(upsertQuery, (statement = connection.prepare(upsertQuery)));
    return statement.get(...upsertParams);
  }
}
