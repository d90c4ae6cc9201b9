/**
 * rate-limiter-flexible's Prisma limiter with its one write per request done
 * in one statement through pg, on the RateLimit table Prisma migrates.
 *
 * Why: RateLimiterPrisma counts a point with a deleteMany and then an upsert,
 * two Prisma queries; every request from one address updates the same row,
 * so on PostgreSQL those requests queue behind each other's row lock for two
 * round trips plus Prisma's work each. bench/redeem --pg measured the sign-in
 * link path at under 100 requests/s from one address that way
 * (docs/benchmarks.md). One INSERT … ON CONFLICT holds the lock for one
 * statement. Same rule as before: an ended window starts again, any other row
 * is incremented in the database so concurrent calls all count.
 * Reads and deletes (rare) stay with RateLimiterPrisma.
 */
import { RateLimiterPrisma } from 'rate-limiter-flexible';
import type pg from 'pg';
import { driverPool } from './driver-transaction.ts';
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

type Options = ConstructorParameters<typeof RateLimiterPrisma>[0] & { storeClient: Db };

export class PostgresRateLimiter extends RateLimiterPrisma {
  readonly #pool: pg.Pool | undefined;

  constructor(options: Options) {
    super(options);
    this.#pool = driverPool(options.storeClient);
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    // @ts-expect-error the base class's method is internal, untyped
    if (!this.#pool) return super._upsert(key, points, msDuration, forceExpire);
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration).toISOString() : null;
    return this.#pool
      .query({ name: forceExpire ? 'pd_rate_limit_force' : 'pd_rate_limit_consume', text: forceExpire ? force : consume, values: forceExpire ? [key, points, expire] : [key, points, expire, now.toISOString()] })
      .then((result) => {
        const row = result.rows[0] as { points: number; expire: Date | null };
        // _getRateLimiterRes reads `expire` with new Date(); a timestamp column without zone holds UTC.
        return { points: row.points, expire: row.expire === null ? null : new Date(`${toText(row.expire)}Z`) };
      });
  }
}

/** pg parses `timestamp` as local time; undo that to get the UTC text back. */
function toText(local: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.${pad(local.getMilliseconds(), 3)}`;
}
