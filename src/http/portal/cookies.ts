import type { Request, Response } from 'express';

export interface CookieOptions {
  maxAgeSeconds?: number;
  /** @default "Lax" */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/**
 * Cookie names and attributes for one deployment. On https every cookie is
 * Secure and carries the `__Host-` prefix (the browser then refuses it unless
 * it is Secure, host-only and Path=/), so a sibling subdomain cannot plant one.
 */
export interface CookieJar {
  secure: boolean;
  name(base: string): string;
  read(req: Request, base: string): string | undefined;
  set(res: Response, base: string, value: string, options?: CookieOptions): void;
  clear(res: Response, base: string): void;
}

export function createCookieJar(publicUrl: string): CookieJar {
  const secure = publicUrl.startsWith('https:');
  const name = (base: string) => (secure ? `__Host-${base}` : base);
  const serialize = (cookie: string, value: string, options: CookieOptions) =>
    [
      `${cookie}=${value}`,
      'Path=/',
      'HttpOnly',
      `SameSite=${options.sameSite === 'None' && !secure ? 'Lax' : (options.sameSite ?? 'Lax')}`,
      options.maxAgeSeconds !== undefined ? `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}` : '',
      secure ? 'Secure' : '',
    ]
      .filter(Boolean)
      .join('; ');
  return {
    secure,
    name,
    read(req, base) {
      const wanted = name(base);
      for (const part of (req.headers.cookie ?? '').split(';')) {
        const index = part.indexOf('=');
        if (index > 0 && part.slice(0, index).trim() === wanted) return part.slice(index + 1).trim();
      }
      return undefined;
    },
    set(res, base, value, options = {}) {
      res.append('Set-Cookie', serialize(name(base), value, options));
    },
    clear(res, base) {
      res.append('Set-Cookie', serialize(name(base), '', { maxAgeSeconds: 0 }));
    },
  };
}
