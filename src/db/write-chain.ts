/**
 * Writes whose answers nobody reads, held back and sent with the next
 * statement that is read: in one round trip on PostgreSQL, as data-modifying
 * CTEs (`WITH held_0 AS (UPDATE …), held_1 AS (INSERT …) INSERT … RETURNING …`),
 * and one after another on SQLite, which runs in process and has no round
 * trip to save. Link redemption sends its sessions, sign-in times, counters
 * and audit rows this way: on PostgreSQL at 10 connections the service spent
 * a third of its time waiting on round trips (bench/redeem, docs/benchmarks.md).
 *
 * What PostgreSQL requires of a chain, and so every caller: the held writes
 * and the statement all see the database as it was before any of them, and
 * no two of them may change the same row. Hold only writes that neither read
 * what another one writes nor touch its rows.
 */
import type { Db, Tx } from './client.ts';
import { isPostgres, unprepared } from './driver-transaction.ts';
import { join, raw, sql, type Sql } from './sql.ts';

export interface WriteChain {
  /** Holds writes (INSERT, UPDATE or DELETE, no RETURNING) back until the next `run` or `flush`. */
  hold(...writes: Sql[]): void;
  /** Runs `statement`, and the writes held so far with it; answers the statement's rows. */
  run<T>(statement: Sql): Promise<T[]>;
  /** Runs the writes still held, if any. */
  flush(): Promise<void>;
}

/** A chain of writes for the transaction `tx` of `db` (`db` says which database this is). */
export function writeChain(db: Db, tx: Tx): WriteChain {
  const held: Sql[] = [];
  const together = isPostgres(db);
  /** `statement` after the writes: chained on PostgreSQL, else each on its own first. */
  async function withHeld(statement: Sql): Promise<Sql> {
    const writes = held.splice(0);
    if (writes.length === 0) return statement;
    if (!together) {
      for (const write of writes) await tx.$executeRaw(write);
      return statement;
    }
    // Its text depends on how many rows each write has: sent unnamed, so that connections do not keep every shape prepared.
    return unprepared(
      sql`WITH ${join(
        writes.map((write, index) => sql`${raw(`"held_${index}"`)} AS (${write})`),
        ', ',
      )} ${statement}`,
    );
  }
  return {
    hold: (...writes) => {
      held.push(...writes);
    },
    run: async <T>(statement: Sql) => tx.$queryRaw<T[]>(await withHeld(statement)),
    flush: async () => {
      const last = held.pop();
      if (last) await tx.$executeRaw(await withHeld(last));
    },
  };
}
