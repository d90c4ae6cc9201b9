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
 * or Sec-Fetch-Site says "another site" are refused outright.
 */
export interface Csrf {
  /** The value for this browser's forms; sets the cookie when it is missing. */
  token(req: Request, res: Response): string;
  verify(req: Request): boolean;
}

export function createCsrf(options: { secret: string; cookies: CookieJar; publicUrl: string }): Csrf {
  const key = hmac(options.secret, 'portal-desk:csrf');
  const sign = (value: string) => hmac(key, value).toString('base64url');
  const publicOrigin = new URL(options.publicUrl).origin;
  const fresh = new WeakMap<Request, string>();
  return {
    token(req, res) {
      let value = fresh.get(req) ?? options.cookies.read(req, cookie);
      if (!value || !isWellFormedSecret(value)) {
        value = randomBytes(32).toString('base64url');
        fresh.set(req, value);
        options.cookies.set(res, cookie, value);
      }
      return sign(value);
    },
    verify(req) {
      if (req.get('sec-fetch-site') === 'cross-site') return false;
      // Pages send Referrer-Policy: no-referrer, with which browsers post `Origin: null`
      // from our own forms; only a real, different origin is a refusal on its own.
      const origin = req.get('origin');
      if (
        origin !== undefined &&
        origin !== 'null' &&
        origin !== publicOrigin &&
        origin !== `${req.protocol}://${req.get('host')}`
      )
        return false;
      const value = options.cookies.read(req, cookie);
      const sent = typeof req.body?.csrf === 'string' ? req.body.csrf : '';
      return value !== undefined && sent !== '' && secretsEqual(sign(value), sent);
    },
  };
}
