/**
 * Headers on every answer, whatever route writes it. `nosniff` stops a
 * browser from reading a JSON answer (which may echo input) as HTML or
 * script. HSTS is sent only when PUBLIC_URL is https: over plain http the
 * header is ignored, and sending it from a development server would pin
 * localhost to https in the developer's browser.
 */
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** One year, subdomains included: OWASP's HTTP Strict Transport Security cheat sheet. */
export const hstsValue = 'max-age=31536000; includeSubDomains';

export function transportHeaders(options: { publicUrl: string }): RequestHandler {
  const set = transportHeaderSetter(options);
  return (_req, res, next) => {
    set(res);
    next();
  };
}

/** The same headers, for answers written ahead of the middleware (src/http/portal/link-redeem-fast-path.ts). */
export function transportHeaderSetter(options: { publicUrl: string }): (res: ServerResponse) => void {
  const https = options.publicUrl.startsWith('https:');
  return (res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (https) res.setHeader('Strict-Transport-Security', hstsValue);
  };
}
