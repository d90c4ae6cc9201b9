/**
 * Rate limits for the sign-in pages, through rate-limiter-flexible, in a store
 * every instance shares: Redis when REDIS_URL is set, otherwise the database
 * (its Prisma store, table RateLimit, on SQLite and PostgreSQL alike). If the
 * store fails, an in-memory limiter with the same rules stands in, so an
 * outage of the store degrades to per-instance limits instead of none.
 */
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';

/** Every limit at RATE_LIMIT_SCALE = 1. */
export const portalLimitRules = {
  /** GET, HEAD and POST on /l/:token, per IP. */
  linkPerIp: { points: 60, duration: 60 },
  /** 6-digit code tries, per IP. */
  codePerIp: { points: 10, duration: 60 },
  /** Password tries, per IP. */
  passwordPerIp: { points: 10, duration: 60 },
  /** Google sign-in starts and returns, per IP. */
  googlePerIp: { points: 20, duration: 60 },
  /** Messages a visitor can make us send (new link, code, reset), per IP. */
  sendPerIp: { points: 10, duration: 600 },
  /** Messages per address or contact: one a minute. */
  sendPerAddress: { points: 1, duration: 60 },
} as const;

export type PortalLimit = keyof typeof portalLimitRules;

export interface PortalRateLimits {
  store: 'redis' | 'database';
  /** @returns null when allowed, else seconds until the next try is allowed */
  consume(limit: PortalLimit, key: string): Promise<number | null>;
  close(): Promise<void>;
}

export function createPortalRateLimits(options: { db: Db; redisUrl?: string; scale: number; logger: Logger }): PortalRateLimits {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  redis?.on('error', (error) => options.logger.warn('rate-limit store (Redis) unavailable; limiting in memory meanwhile', { error }));
  const limiters = new Map<PortalLimit, RateLimiterAbstract>();
  for (const [limit, rule] of Object.entries(portalLimitRules) as Array<[PortalLimit, { points: number; duration: number }]>) {
    const base = { keyPrefix: `pd_${limit}`, points: Math.max(1, Math.round(rule.points * options.scale)), duration: rule.duration };
    const insuranceLimiter = new RateLimiterMemory(base);
    limiters.set(
      limit,
      redis
        ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter })
        : new RateLimiterPrisma({ ...base, storeClient: options.db, tableName: 'rateLimit', insuranceLimiter }),
    );
  }
  return {
    store: redis ? 'redis' : 'database',
    async consume(limit, key) {
      try {
        await limiters.get(limit)!.consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
