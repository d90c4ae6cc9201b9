import type { RequestHandler } from 'express';
import type { Core } from '../../core/core.ts';
import { AppError } from '../../core/shared/errors.ts';
import { authenticateApiKey } from '../../core/api-keys/authenticate-api-key.ts';

/** `Authorization: Bearer pd_…` -> res.locals.caller. One answer for a missing, wrong or revoked key. */
export function requireApiKey(core: Core): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError('unauthorized', 'send your API key as "Authorization: Bearer pd_…"');
    res.locals.caller = await authenticateApiKey(core, { key: match[1]! });
    next();
  };
}
