import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Headers on every portal page. The CSP allows our one stylesheet and nothing
 * else: no inline script or style, no framing (clickjacking on the "continue"
 * button), forms only to ourselves.
 */
const headers = Object.entries({
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'Cache-Control': 'no-store',
});

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  setSecurityHeaders(res);
  next();
}

/** The same headers, for answers written outside the portal router (src/http/portal/link-redeem-fast-path.ts). */
export function setSecurityHeaders(res: ServerResponse): void {
  // setHeader, not Express's res.set: res.set re-checks each value, 5 % of the sign-in link path's CPU (bench/redeem profile).
  for (const [name, value] of headers) res.setHeader(name, value);
}
