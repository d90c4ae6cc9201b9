import type { Request, Response } from 'express';
import type { AppContext } from '../../app-context.ts';
import type { Core } from '../../core/core.ts';
import { createLinkRedeemer } from '../../core/links/link-redeemer.ts';
import { defaultMaxFailedSignIns } from '../../core/credentials/record-failed-sign-in.ts';
import { createGoogleVerifier, type GoogleVerifier } from '../../core/credentials/verify-google-id-token.ts';
import { createCookieJar, type CookieJar } from './cookies.ts';
import { createCsrf, type Csrf } from './csrf.ts';
import { createPortalRateLimits, type PortalLimit } from './rate-limits.ts';
import { createPortalSessions, type PortalSessions } from './portal-sessions.ts';
import type { RateLimitStore } from '../rate-limit-store.ts';
import { layout } from './pages/layout.ts';
import type { Markup } from './pages/html.ts';
import { tooManyBody } from './pages/simple-pages.ts';

/** What every portal route is built from: one per HTTP app. */
export interface PortalDeps {
  core: Core;
  accountId: string;
  portalName: string;
  /** Failed sign-ins in a row before a contact needs a fresh link (scaled like the rate limits). */
  maxFailedSignIns: number;
  cookies: CookieJar;
  csrf: Csrf;
  sessions: PortalSessions;
  google?: { clientId: string; authUrl: string; redirectUri: string; verifier: GoogleVerifier };
  /** Runs work after the answer is sent, so that its duration reveals nothing (e.g. whether an address is known). */
  background(label: string, task: () => Promise<unknown>): void;
  page(req: Request, res: Response, status: number, title: string, body: Markup): void;
  /** Consumes one point; answers 429 and returns true when over the limit. */
  limited(req: Request, res: Response, limit: PortalLimit, key: string): Promise<boolean>;
}

/** The routes' deps, and what only the portal's owner (register-portal.ts) uses. */
export interface Portal {
  deps: PortalDeps;
  /** Waits for background work and redemptions in flight; tests and shutdown use it. */
  settle(): Promise<void>;
}

export function createPortalDeps(context: AppContext, rateLimits: RateLimitStore): Portal {
  const { config, core, logger } = context;
  const cookies = createCookieJar(config.publicUrl);
  const csrf = createCsrf({ secret: context.secrets.sessionSecret, cookies, publicUrl: config.publicUrl });
  const limits = createPortalRateLimits({ store: rateLimits, scale: config.rateLimitScale });
  const pending = new Set<Promise<unknown>>();
  // SQLite has one writer: one batch at a time. PostgreSQL takes several, within its pool.
  const redeemer = createLinkRedeemer(core, { concurrency: config.database === 'sqlite' ? 1 : 4 });
  const google = config.googleClientId
    ? {
        clientId: config.googleClientId,
        authUrl: config.google.authUrl,
        redirectUri: `${config.publicUrl}/auth/google/callback`,
        verifier: createGoogleVerifier({ clientId: config.googleClientId, jwksUrl: config.google.jwksUrl, now: core.now }),
      }
    : undefined;

  const deps: PortalDeps = {
    core,
    accountId: context.defaultAccount.id,
    portalName: context.defaultAccount.name,
    maxFailedSignIns: Math.round(defaultMaxFailedSignIns * config.rateLimitScale),
    cookies,
    csrf,
    sessions: createPortalSessions({ core, cookies, redeemer }),
    google,
    background(label, task) {
      const run = task()
        .catch((error) => logger.error(`background ${label} failed`, { error }))
        .finally(() => pending.delete(run));
      pending.add(run);
    },
    page(req, res, status, title, body) {
      const signedIn = res.locals.signedInName ? { csrfToken: csrf.token(req, res), name: String(res.locals.signedInName) } : undefined;
      res.status(status).type('html').send(layout({ portalName: deps.portalName, title, body, signedIn }));
    },
    async limited(req, res, limit, key) {
      const retryAfter = await limits.consume(limit, key);
      if (retryAfter === null) return false;
      res.set('Retry-After', String(retryAfter));
      deps.page(req, res, 429, 'Too many tries', tooManyBody(retryAfter));
      return true;
    },
  };
  return {
    deps,
    async settle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await redeemer.idle();
    },
  };
}
