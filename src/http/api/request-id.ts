import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Every API answer carries X-Request-Id (the caller's, when it is sane), the key to find it in the logs. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && /^[\w.-]{8,64}$/.test(given) ? given : randomBytes(9).toString('base64url');
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};
