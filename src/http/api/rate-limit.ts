/**
 * Requests per API key, counted in the store the sign-in pages use too
 * (src/http/rate-limit-store.ts), shared by every instance.
 */
import type { RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitStore } from '../rate-limit-store.ts';
import { metrics } from '../../metrics/metrics.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';

/** At RATE_LIMIT_SCALE = 1: 600 requests a minute per key (bulk endpoints take 10,000 contacts a request). */
export const apiRequestsPerMinute = 600;

export function limitApiRequests(options: { store: RateLimitStore; scale: number }): RequestHandler {
  const base = { name: 'api', points: Math.max(1, Math.round(apiRequestsPerMinute * options.scale)), duration: 60 };
  const limiter = options.store.limiter(base);
  return async (_req, res, next) => {
    const caller = res.locals.caller as ApiCaller;
    try {
      const state = await limiter.consume(caller.apiKeyId);
      res.setHeader('RateLimit-Limit', String(base.points));
      res.setHeader('RateLimit-Remaining', String(state.remainingPoints));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      metrics.rateLimited.inc({ limit: 'api' });
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(seconds));
      throw new AppError(
        'rate_limited',
        `this API key made more than ${base.points} requests in a minute; retry in ${seconds} s`,
        { retryAfterSeconds: seconds },
      );
    }
    next();
  };
}
