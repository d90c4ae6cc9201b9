/**
 * OWASP's device-cookie pattern (Authentication cheat sheet, "Slow
 * brute-force / lock-out"): a browser that has signed in as an address gets
 * an HttpOnly cookie naming that address (as an HMAC, not in clear). Wrong
 * passwords from anywhere else can lock other clients out of password
 * sign-in for that address, but never this browser: its tries count against
 * the device alone. 180 days; one address per browser (the last one). The
 * MAC names the portal's account: a device cookie of account A never counts on B.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { CookieJar } from './cookies.ts';

const cookieName = 'pd_device';
const LIFETIME_SECONDS = 180 * 86_400;

export interface DeviceCookies {
  /** A stable key for this browser's tries at this address, or null when it has no device cookie for it. */
  trustedKey(req: Request, address: string): string | null;
  remember(res: Response, address: string): void;
}

export function createDeviceCookies(options: {
  secret: string;
  cookies: CookieJar;
  /** The account whose portal the request is on. */
  accountIdOf(req: Request): string;
  now?: () => number;
}): DeviceCookies {
  const now = options.now ?? Date.now;
  const mac = (req: Request, address: string, expires: number) =>
    createHmac('sha256', options.secret)
      .update(`portal-desk:device:${options.accountIdOf(req)}:${address}:${expires}`)
      .digest('base64url')
      .slice(0, 32);
  return {
    trustedKey(req, address) {
      const value = options.cookies.read(req, cookieName);
      const [expiresText, given] = (value ?? '').split('.');
      const expires = Number(expiresText);
      if (!given || !Number.isSafeInteger(expires) || expires * 1000 < now()) return null;
      const expected = Buffer.from(mac(req, address, expires));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? `device:${given}` : null;
    },
    remember(res, address) {
      const expires = Math.floor(now() / 1000) + LIFETIME_SECONDS;
      const value = `${expires}.${mac(res.req, address, expires)}`;
      options.cookies.set(res, cookieName, value, { maxAgeSeconds: LIFETIME_SECONDS });
    },
  };
}
