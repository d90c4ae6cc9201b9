/**
 * Requests per API key, counted in the database's RateLimit table (shared by
 * every instance; the sign-in pages use the same table) with an in-memory
 * stand-in if the database does not answer.
 */
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';

/** At RATE_LIMIT_SCALE = 1: 600 requests a minute per key (bulk endpoints take 10,000 contacts a request). */
export const apiRequestsPerMinute = 600;

export function limitApiRequests(options: { db: Db; scale: number }): RequestHandler {
  const base = { keyPrefix: 'pd_api', points: Math.max(1, Math.round(apiRequestsPerMinute * options.scale)), duration: 60 };
  const limiter = new RateLimiterPrisma({ ...base, storeClient: options.db, tableName: 'rateLimit', insuranceLimiter: new RateLimiterMemory(base) });
  return async (_req, res, next) => {
    const caller = res.locals.caller as ApiCaller;
    try {
      const state = await limiter.consume(caller.apiKeyId);
      res.setHeader('RateLimit-Limit', String(base.points));
      res.setHeader('RateLimit-Remaining', String(state.remainingPoints));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(seconds));
      throw new AppError('rate_limited', `this API key made more than ${base.points} requests in a minute; retry in ${seconds} s`, { retryAfterSeconds: seconds });
    }
    next();
  };
}
