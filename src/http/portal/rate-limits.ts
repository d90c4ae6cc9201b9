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
  /**
   * The self-serve budget of one contact across every message a visitor can
   * make us send (new link, emailed link or code, SMS code, password reset):
   * 5 an hour and 20 a day. Over it, the page is the same and nothing is sent.
   */
  sendPerContactHour: { points: 5, duration: 3600 },
  sendPerContactDay: { points: 20, duration: 86_400 },
  /** Wrong passwords for one address from one client (address or device cookie): 5 per 15 minutes, then that client waits. */
  passwordFailuresPerClient: { points: 5, duration: 900 },
  /**
   * Wrong passwords for one address from clients the address never signed in
   * on: 10 an hour, then only devices with its device cookie may try a
   * password. Codes and links always work (OWASP's device-cookie pattern).
   */
  passwordFailuresPerAddress: { points: 10, duration: 3600 },
} as const;

export type PortalLimit = keyof typeof portalLimitRules;

export interface PortalRateLimits {
  /** @returns null when allowed, else seconds until the next try is allowed */
  consume(limit: PortalLimit, key: string): Promise<number | null>;
  /** Whether a key has used up a limit, without counting a try. */
  exhausted(limit: PortalLimit, key: string): Promise<boolean>;
}

export function createPortalRateLimits(options: { store: RateLimitStore; scale: number }): PortalRateLimits {
  const limiters = new Map<PortalLimit, RateLimiterAbstract>();
  const points = new Map<PortalLimit, number>();
  for (const [limit, rule] of Object.entries(portalLimitRules) as Array<[PortalLimit, { points: number; duration: number }]>) {
    points.set(limit, Math.max(1, Math.round(rule.points * options.scale)));
    limiters.set(limit, options.store.limiter({ name: limit, points: points.get(limit)!, duration: rule.duration }));
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
    async exhausted(limit, key) {
      const state = await limiters.get(limit)!.get(key);
      return state !== null && state.consumedPoints >= points.get(limit)! && state.msBeforeNext > 0;
    },
  };
}
