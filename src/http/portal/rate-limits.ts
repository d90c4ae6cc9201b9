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
  /**
   * Wrong passwords for one address from one client (address or device
   * cookie), counted over a day: from the 5th on, each one makes that client
   * wait 2, 4, 8… seconds (at most 15 minutes) before its next try
   * (`passwordDelayPerClient`); 100 in a day and it waits for the day.
   */
  passwordFailuresPerClient: { points: 100, duration: 86_400 },
  /** Holds the exponential wait of a (client, address); set with `block`, never consumed. */
  passwordDelayPerClient: { points: 1, duration: 1 },
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
  /** Whether a key has used up a limit (or is blocked), without counting a try. */
  exhausted(limit: PortalLimit, key: string): Promise<boolean>;
  /** Counts one and returns how many the key has used in the current window (over the limit too). */
  count(limit: PortalLimit, key: string): Promise<number>;
  /** Blocks a key for some seconds: `exhausted` is true until then. */
  block(limit: PortalLimit, key: string, seconds: number): Promise<void>;
}

export function createPortalRateLimits(options: { store: RateLimitStore; scale: number }): PortalRateLimits {
  const limiters = new Map<PortalLimit, RateLimiterAbstract>();
  const points = new Map<PortalLimit, number>();
  for (const [limit, rule] of Object.entries(portalLimitRules) as Array<
    [PortalLimit, { points: number; duration: number }]
  >) {
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
    async count(limit, key) {
      try {
        return (await limiters.get(limit)!.consume(key)).consumedPoints;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return rejection.consumedPoints;
        throw rejection;
      }
    },
    async block(limit, key, seconds) {
      await limiters.get(limit)!.block(key, seconds);
    },
    async exhausted(limit, key) {
      const state = await limiters.get(limit)!.get(key);
      return state !== null && state.consumedPoints >= points.get(limit)! && state.msBeforeNext > 0;
    },
  };
}
