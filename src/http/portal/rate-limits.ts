/**
 * Rate limits for the sign-in pages, counted in the shared store
 * (src/http/rate-limit-store.ts: Redis, or the database).
 */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitStore } from '../rate-limit-store.ts';

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
  /** @returns null when allowed, else seconds until the next try is allowed */
  consume(limit: PortalLimit, key: string): Promise<number | null>;
}

export function createPortalRateLimits(options: { store: RateLimitStore; scale: number }): PortalRateLimits {
  const limiters = new Map<PortalLimit, RateLimiterAbstract>();
  for (const [limit, rule] of Object.entries(portalLimitRules) as Array<[PortalLimit, { points: number; duration: number }]>) {
    limiters.set(limit, options.store.limiter({ name: limit, points: Math.max(1, Math.round(rule.points * options.scale)), duration: rule.duration }));
  }
  return {
    async consume(limit, key) {
      try {
        await limiters.get(limit)!.consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}
