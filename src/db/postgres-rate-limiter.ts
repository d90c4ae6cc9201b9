/**
 * rate-limiter-flexible's Prisma limiter with its one write per request done
 * in one statement through pg, on the RateLimit table Prisma migrates.
 *
 * Why: RateLimiterPrisma counts a point with a deleteMany and then an upsert,
 * two Prisma queries; every request from one address updates the same row,
 * so those requests queue behind each other's row lock, each held through a
 * commit that waits for the WAL to reach the disk. bench/redeem --pg measured
 * the sign-in link path at about 100 requests/s from one address that way
 * (docs/benchmarks.md). Here it is one INSERT … ON CONFLICT, on connections
 * of its own with `synchronous_commit = off`: the row lock is held for the
 * statement only. Counts lost in a database crash only reopen a window early,
 * the trade the SQLite store makes too (src/http/rate-limit-store.ts).
 * Same rule as before: an ended window starts again, any other row is
 * incremented in the database so concurrent calls all count.
 * Reads and deletes (rare) stay with RateLimiterPrisma.
 */
import { RateLimiterPrisma } from 'rate-limiter-flexible';
import pg from 'pg';
import { pgDriverOf } from './driver-transaction.ts';
import type { Db } from './client.ts';

const consume = `
  INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ($1, $2, $3)
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "RateLimit"."expire" <= $4 THEN excluded."points" ELSE "RateLimit"."points" + excluded."points" END,
    "expire" = CASE WHEN "RateLimit"."expire" <= $4 THEN excluded."expire" ELSE "RateLimit"."expire" END
  RETURNING "points", "expire"`;

const force = `
  INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ($1, $2, $3)
  ON CONFLICT ("key") DO UPDATE SET "points" = excluded."points", "expire" = excluded."expire"
  RETURNING "points", "expire"`;

/** timestamp without time zone holds UTC here (Prisma writes it so); pg would read it as local time. */
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === 1114
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format as 'text'),
};

/** One small pool per database client, shared by all its limiters. */
const pools = new WeakMap<object, pg.Pool>();
function rateLimitPool(db: Db): pg.Pool | undefined {
  const driver = pgDriverOf(db);
  if (!driver) return undefined;
  let pool = pools.get(db);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: driver.connectionString,
      max: 2,
      options: [driver.options, '-c synchronous_commit=off'].filter(Boolean).join(' '),
      allowExitOnIdle: true,
    });
    // An idle connection that breaks (database restarted or dropped) is replaced on the next query.
    pool.on('error', () => {});
    pools.set(db, pool);
  }
  return pool;
}

type Options = ConstructorParameters<typeof RateLimiterPrisma>[0] & { storeClient: Db };

export class PostgresRateLimiter extends RateLimiterPrisma {
  readonly #pool: pg.Pool | undefined;

  constructor(options: Options) {
    super(options);
    this.#pool = rateLimitPool(options.storeClient);
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    // @ts-expect-error the base class's method is internal, untyped
    if (!this.#pool) return super._upsert(key, points, msDuration, forceExpire);
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration).toISOString() : null;
    return this.#pool
      .query({
        name: forceExpire ? 'pd_rate_limit_force' : 'pd_rate_limit_consume',
        text: forceExpire ? force : consume,
        values: forceExpire ? [key, points, expire] : [key, points, expire, now.toISOString()],
        types,
      })
      .then((result) => result.rows[0] as { points: number; expire: Date | null });
  }
}

/** Ends the rate-limit connections of this client (shutdown, tests). */
export async function closeRateLimitPool(db: Db): Promise<void> {
  const pool = pools.get(db);
  pools.delete(db);
  await pool?.end();
}
