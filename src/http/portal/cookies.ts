import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { CookieScope } from './portal-account.ts';

export interface CookieOptions {
  maxAgeSeconds?: number;
  /** @default "Lax" */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/**
 * Cookie names and attributes for one deployment. Every cookie is host-only
 * (no Domain), so a portal served on its own host never sees another's. On
 * https every cookie is Secure and carries the `__Host-` prefix (the browser
 * then refuses it unless it is Secure, host-only and Path=/), so a sibling
 * subdomain cannot plant one. Portals served under `/a/<slug>` share PUBLIC_URL's
 * host: theirs are scoped to that path and named after the account
 * (`__Secure-pd_session-acme`), so account A's cookie is never read on B.
 */
export interface CookieJar {
  secure: boolean;
  read(req: Request | IncomingMessage, base: string): string | undefined;
  set(res: Response, base: string, value: string, options?: CookieOptions): void;
  clear(res: Response, base: string): void;
}

export function createCookieJar(options: {
  publicUrl: string;
  /** The portal a request is for (resolve-portal-account.ts); unresolved requests are the default account's. */
  scopeOf(req: Request | IncomingMessage): CookieScope;
}): CookieJar {
  const secure = options.publicUrl.startsWith('https:');
  const name = (base: string, scope: CookieScope) =>
    `${secure ? (scope.path === '/' ? '__Host-' : '__Secure-') : ''}${base}${scope.suffix}`;
  const serialize = (cookie: string, value: string, scope: CookieScope, cookieOptions: CookieOptions) =>
    [
      `${cookie}=${value}`,
      `Path=${scope.path}`,
      'HttpOnly',
      `SameSite=${cookieOptions.sameSite === 'None' && !secure ? 'Lax' : (cookieOptions.sameSite ?? 'Lax')}`,
      cookieOptions.maxAgeSeconds !== undefined
        ? `Max-Age=${Math.max(0, Math.floor(cookieOptions.maxAgeSeconds))}`
        : '',
      secure ? 'Secure' : '',
    ]
      .filter(Boolean)
      .join('; ');
  return {
    secure,
    read(req, base) {
      const wanted = name(base, options.scopeOf(req));
      for (const part of (req.headers.cookie ?? '').split(';')) {
        const index = part.indexOf('=');
        if (index > 0 && part.slice(0, index).trim() === wanted) return part.slice(index + 1).trim();
      }
      return undefined;
    },
    set(res, base, value, cookieOptions = {}) {
      const scope = options.scopeOf(res.req);
      res.append('Set-Cookie', serialize(name(base, scope), value, scope, cookieOptions));
    },
    clear(res, base) {
      const scope = options.scopeOf(res.req);
      res.append('Set-Cookie', serialize(name(base, scope), '', scope, { maxAgeSeconds: 0 }));
    },
  };
}
