import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { hmac, secretsEqual } from '../../core/shared/secret-hash.ts';
import { isWellFormedSecret } from '../../core/shared/secret-format.ts';
import type { CookieJar } from './cookies.ts';

const cookie = 'pd_csrf';

/**
 * Signed double-submit CSRF protection: a random HttpOnly cookie, and in each
 * form HMAC(secret, cookie). A cross-site page can make the browser send the
 * cookie but cannot read it to compute the form value. Requests whose Origin
 * or Sec-Fetch-Site says "another site" are refused outright. The value is
 * signed with the portal's account, so a form of account A does not pass on B
 * even where both share a host (the `/a/<slug>` portals).
 */
export interface Csrf {
  /** The value for this browser's forms; sets the cookie when it is missing. */
  token(req: Request, res: Response): string;
  verify(req: Request): boolean;
}

export function createCsrf(options: {
  secret: string;
  cookies: CookieJar;
  /** The request's portal: its account id and the origin its pages are served at. */
  portalOf(req: Request): { accountId: string; origin: string };
}): Csrf {
  const key = hmac(options.secret, 'portal-desk:csrf');
  const sign = (req: Request, value: string) =>
    hmac(key, `${options.portalOf(req).accountId}:${value}`).toString('base64url');
  const fresh = new WeakMap<Request, string>();
  return {
    token(req, res) {
      let value = fresh.get(req) ?? options.cookies.read(req, cookie);
      if (!value || !isWellFormedSecret(value)) {
        value = randomBytes(32).toString('base64url');
        fresh.set(req, value);
        options.cookies.set(res, cookie, value);
      }
      return sign(req, value);
    },
    verify(req) {
      if (req.get('sec-fetch-site') === 'cross-site') return false;
      // Pages send Referrer-Policy: no-referrer, with which browsers post `Origin: null`
      // from our own forms; only a real, different origin is a refusal on its own.
      const origin = req.get('origin');
      if (
        origin !== undefined &&
        origin !== 'null' &&
        origin !== options.portalOf(req).origin &&
        origin !== `${req.protocol}://${req.get('host')}`
      )
        return false;
      const value = options.cookies.read(req, cookie);
      const sent = typeof req.body?.csrf === 'string' ? req.body.csrf : '';
      return value !== undefined && sent !== '' && secretsEqual(sign(req, value), sent);
    },
  };
}
