/**
 * Where every rate limit (sign-in pages, REST API) is counted, through
 * rate-limiter-flexible, in a store all instances share:
 *   - Redis when REDIS_URL is set;
 *   - PostgreSQL: the database's RateLimit table, through pg, the requests
 *     of a moment counted in one statement (src/db/postgres-rate-limiter.ts);
 *   - SQLite: a companion database file beside the main one
 *     (`<database file>-ratelimits`), written through better-sqlite3 directly,
 *     the requests of one turn in one transaction (src/db/sqlite-rate-limiter.ts).
 *
 * Why a companion file on SQLite: every limited request is a write. Through
 * Prisma that is two statements, about 1.5 ms of CPU, on each sign-in try;
 * through better-sqlite3 it is one statement of some microseconds. It cannot
 * be the main file: better-sqlite3 waits for a lock synchronously, and a wait
 * there for Prisma's open write transaction would block the event loop that
 * transaction needs to finish. Whatever shares the main SQLite file (processes
 * on one host) shares its companion too.
 *
 * If the store fails, an in-memory limiter with the same rule stands in, so an
 * outage degrades to per-instance limits instead of none.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { providerOf, sqlitePath, type Db } from '../db/client.ts';
import { PostgresRateLimiter, closeRateLimitPool } from '../db/postgres-rate-limiter.ts';
import { SqliteRateLimiter } from '../db/sqlite-rate-limiter.ts';
import { protectSqliteFile } from '../db/private-files.ts';
import type { Logger } from '../logger.ts';

export interface RateLimitRule {
  /** Namespaces the keys: `pd_<name>`. */
  name: string;
  points: number;
  /** Seconds. */
  duration: number;
}

export interface RateLimitStore {
  /** Which store counts: for the banner and tests. */
  kind: 'redis' | 'postgresql' | 'sqlite';
  /** Where the counts are, for the banner; no credentials. */
  where: string;
  limiter(rule: RateLimitRule): RateLimiterAbstract;
  close(): Promise<void>;
}

/** The companion file of a SQLite database: where its rate limits are counted. */
export function rateLimitFileOf(databaseUrl: string): string {
  return `${sqlitePath(databaseUrl)}-ratelimits`;
}

export function openRateLimitStore(options: {
  db: Db;
  databaseUrl: string;
  redisUrl?: string;
  logger: Logger;
}): RateLimitStore {
  if (options.redisUrl) return redisStore(options.redisUrl, options.logger);
  if (providerOf(options.databaseUrl) === 'postgresql') {
    return {
      kind: 'postgresql',
      where: 'the database (table RateLimit)',
      limiter: (rule) =>
        new PostgresRateLimiter({
          ...shape(rule),
          storeClient: options.db,
          tableName: 'rateLimit',
          insuranceLimiter: new RateLimiterMemory(shape(rule)),
        }),
      close: () => closeRateLimitPool(options.db),
    };
  }
  return sqliteStore(rateLimitFileOf(options.databaseUrl), options.logger);
}

function shape(rule: RateLimitRule): { keyPrefix: string; points: number; duration: number } {
  return { keyPrefix: `pd_${rule.name}`, points: rule.points, duration: rule.duration };
}

function redisStore(redisUrl: string, logger: Logger): RateLimitStore {
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', (error) =>
    logger.warn('rate-limit store (Redis) unavailable; limiting in memory meanwhile', { error }),
  );
  const url = new URL(redisUrl);
  return {
    kind: 'redis',
    where: `Redis at ${url.host}${url.pathname}`,
    limiter: (rule) =>
      new RateLimiterRedis({
        ...shape(rule),
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(shape(rule)),
      }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** How often the SQLite store forgets windows that ended. */
const sweepEveryMs = 5 * 60_000;

function sqliteStore(file: string, logger: Logger): RateLimitStore {
  protectSqliteFile(file);
  const connection = new BetterSqlite3(file, { timeout: 5_000 });
  connection.pragma('journal_mode = WAL');
  // Counts lost in a power cut only reopen a window early: no fsync per write.
  connection.pragma('synchronous = OFF');
  // The table rate-limiter-flexible's RateLimiterSQLite expects (expire in ms), created here so that it exists before the first request.
  connection.exec(
    'CREATE TABLE IF NOT EXISTS rate_limits (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)',
  );
  const forgetEnded = connection.prepare('DELETE FROM rate_limits WHERE expire < ?');
  const sweep = setInterval(() => {
    try {
      forgetEnded.run(Date.now());
    } catch (error) {
      logger.warn('could not sweep ended rate-limit windows; will try again', { error });
    }
  }, sweepEveryMs).unref();
  return {
    kind: 'sqlite',
    where: `SQLite ${file}`,
    limiter: (rule) =>
      new SqliteRateLimiter({
        ...shape(rule),
        storeClient: connection,
        storeType: 'better-sqlite3',
        tableName: 'rate_limits',
        tableCreated: true,
        insuranceLimiter: new RateLimiterMemory(shape(rule)),
      }),
    async close() {
      clearInterval(sweep);
      connection.close();
    },
  };
}
