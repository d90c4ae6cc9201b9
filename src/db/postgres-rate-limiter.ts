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
 *
 * Counting is batched as link redemption is (src/core/shared/batcher.ts):
 * the counts asked for while a statement runs go together in the next one,
 * a key asked for several times once with the sum of their points, and each
 * caller gets the count it would have got had they gone one after another.
 * One statement per request was two thirds of the service's database round
 * trips on a click storm (bench/redeem --pg, docs/benchmarks.md).
 * Reads and deletes (rare) stay with RateLimiterPrisma.
 */
import { RateLimiterPrisma } from 'rate-limiter-flexible';
import pg from 'pg';
import { pgDriverOf } from './driver-transaction.ts';
import { createBatcher, type Batcher } from '../core/shared/batcher.ts';
import type { Db } from './client.ts';

/** One row per key (ON CONFLICT may not meet a row twice): the same text whatever the number of keys. */
const consume = `
  INSERT INTO "RateLimit" ("key", "points", "expire")
  SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamp[])
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "RateLimit"."expire" <= $4::timestamp THEN excluded."points" ELSE "RateLimit"."points" + excluded."points" END,
    "expire" = CASE WHEN "RateLimit"."expire" <= $4::timestamp THEN excluded."expire" ELSE "RateLimit"."expire" END
  RETURNING "key", "points", "expire"`;

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

interface Consume {
  key: string;
  points: number;
  msDuration: number;
}

interface Counted {
  points: number;
  expire: Date | null;
}

interface RateLimitStore {
  pool: pg.Pool;
  counter: Batcher<Consume, Counted>;
}

/** Connections in the pool, and so statements in flight at once. */
const poolSize = 2;

/** One small pool per database client, shared by all its limiters, and the batcher that counts through it. */
const stores = new WeakMap<object, RateLimitStore>();
function rateLimitStore(db: Db): RateLimitStore | undefined {
  const driver = pgDriverOf(db);
  if (!driver) return undefined;
  let store = stores.get(db);
  if (!store) {
    const pool = new pg.Pool({
      connectionString: driver.connectionString,
      max: poolSize,
      options: [driver.options, '-c synchronous_commit=off'].filter(Boolean).join(' '),
      allowExitOnIdle: true,
    });
    // An idle connection that breaks (database restarted or dropped) is replaced on the next query.
    pool.on('error', () => {});
    const counter = createBatcher<Consume, Counted>((batch) => consumeAll(pool, batch), { concurrency: poolSize });
    stores.set(db, (store = { pool, counter }));
  }
  return store;
}

/** Counts a batch in one statement; answers each call as if the calls had run one after another, in order. */
async function consumeAll(pool: pg.Pool, batch: Consume[]): Promise<Counted[]> {
  const now = Date.now();
  const byKey = new Map<string, { points: number; expire: string | null }>();
  for (const { key, points, msDuration } of batch) {
    const entry = byKey.get(key);
    if (entry) entry.points += points;
    else byKey.set(key, { points, expire: msDuration > 0 ? new Date(now + msDuration).toISOString() : null });
  }
  const keys = [...byKey.keys()];
  const { rows } = await pool.query<{ key: string; points: number; expire: Date | null }>({
    name: 'pd_rate_limit_consume',
    text: consume,
    values: [
      keys,
      keys.map((key) => byKey.get(key)!.points),
      keys.map((key) => byKey.get(key)!.expire),
      new Date(now).toISOString(),
    ],
    types,
  });
  const counted = new Map(rows.map((row) => [row.key, { points: row.points, expire: row.expire }]));
  // Walking back from each key's total: the last call of a key gets the total, each earlier one less the later calls' points.
  const answers: Counted[] = new Array(batch.length);
  for (let index = batch.length - 1; index >= 0; index--) {
    const { key, points } = batch[index]!;
    const total = counted.get(key)!;
    answers[index] = { ...total };
    total.points -= points;
  }
  return answers;
}

type Options = ConstructorParameters<typeof RateLimiterPrisma>[0] & { storeClient: Db };

export class PostgresRateLimiter extends RateLimiterPrisma {
  readonly #store: RateLimitStore | undefined;

  constructor(options: Options) {
    super(options);
    this.#store = rateLimitStore(options.storeClient);
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    // @ts-expect-error the base class's method is internal, untyped
    if (!this.#store) return super._upsert(key, points, msDuration, forceExpire);
    if (!forceExpire) return this.#store.counter.submit({ key, points, msDuration });
    const expire = msDuration > 0 ? new Date(Date.now() + msDuration).toISOString() : null;
    return this.#store.pool
      .query({ name: 'pd_rate_limit_force', text: force, values: [key, points, expire], types })
      .then((result) => result.rows[0] as Counted);
  }
}

/** Ends the rate-limit connections of this client (shutdown, tests), once the counts asked for are in. */
export async function closeRateLimitPool(db: Db): Promise<void> {
  const store = stores.get(db);
  stores.delete(db);
  await store?.counter.idle();
  await store?.pool.end();
}
