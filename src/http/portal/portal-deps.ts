import type { Request, RequestHandler, Response } from 'express';
import { findAccount } from '../../core/accounts/find-account.ts';
import { metrics } from '../../metrics/metrics.ts';
import type { AppContext } from '../../app-context.ts';
import type { Core } from '../../core/core.ts';
import { createLinkRedeemer } from '../../core/links/link-redeemer.ts';
import { createGoogleVerifier, type GoogleVerifier } from '../../core/credentials/verify-google-id-token.ts';
import { createCookieJar, type CookieJar } from './cookies.ts';
import { createCsrf, type Csrf } from './csrf.ts';
import { createDeviceCookies, type DeviceCookies } from './device-cookie.ts';
import { createPortalRateLimits, type PortalLimit, type PortalRateLimits } from './rate-limits.ts';
import { createPortalSessions, type PortalSessions } from './portal-sessions.ts';
import type { RateLimitStore } from '../rate-limit-store.ts';
import { layout } from './pages/layout.ts';
import type { Markup } from './pages/html.ts';
import { tooManyBody } from './pages/simple-pages.ts';

const SETTINGS_MAX_AGE_MS = 2_000;

/** What every portal route is built from: one per HTTP app. */
export interface PortalDeps {
  core: Core;
  accountId: string;
  /** The account's portal name as of its settings a moment ago (see freshSettings). */
  portalName: string;
  /**
   * Re-reads the portal name when the copy is older than a couple of seconds,
   * so a name changed in settings (from any instance) shows on every page.
   */
  freshSettings: RequestHandler;
  cookies: CookieJar;
  csrf: Csrf;
  sessions: PortalSessions;
  limits: PortalRateLimits;
  /** Device cookies of browsers that signed in before (password throttling spares them). */
  devices: DeviceCookies;
  /**
   * Takes one message from a contact's self-serve budget (5 an hour, 20 a day,
   * times RATE_LIMIT_SCALE). False: over budget; answer the same and send nothing.
   */
  sendBudget(contactId: string): Promise<boolean>;
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
  // One batch at a time on both databases. SQLite has one writer anyway. On PostgreSQL every batch updates
  // the same rows last (day count, account counters), so concurrent batches queue on those rows' locks
  // through each other's commits: 4 at a time redeemed half as many links per second as 1, at twice the
  // CPU per link, since each batch was smaller (bench/redeem, docs/benchmarks.md).
  const redeemer = createLinkRedeemer(core, { concurrency: 1 });
  const google = config.googleClientId
    ? {
        clientId: config.googleClientId,
        authUrl: config.google.authUrl,
        redirectUri: `${config.publicUrl}/auth/google/callback`,
        verifier: createGoogleVerifier({
          clientId: config.googleClientId,
          jwksUrl: config.google.jwksUrl,
          now: core.now,
        }),
      }
    : undefined;

  let settingsReadAt = Date.now();
  const deps: PortalDeps = {
    core,
    accountId: context.defaultAccount.id,
    portalName: context.defaultAccount.name,
    async freshSettings(_req, _res, next) {
      if (Date.now() - settingsReadAt > SETTINGS_MAX_AGE_MS) {
        settingsReadAt = Date.now();
        try {
          deps.portalName = (await findAccount(core, { id: deps.accountId })).name;
        } catch (error) {
          logger.warn('portal: cannot re-read the account settings', { error });
        }
      }
      next();
    },
    cookies,
    csrf,
    sessions: createPortalSessions({ core, cookies, redeemer }),
    limits,
    devices: createDeviceCookies({ secret: context.secrets.sessionSecret, cookies }),
    async sendBudget(contactId) {
      const hour = await limits.consume('sendPerContactHour', contactId);
      const day = hour === null ? await limits.consume('sendPerContactDay', contactId) : hour;
      if (hour !== null || day !== null) {
        logger.info('self-serve send over the contact budget: nothing sent', { contact: contactId });
        return false;
      }
      return true;
    },
    google,
    background(label, task) {
      const run = task()
        .catch((error) => logger.error(`background ${label} failed`, { error }))
        .finally(() => pending.delete(run));
      pending.add(run);
    },
    page(req, res, status, title, body) {
      const signedIn = res.locals.signedInName
        ? { csrfToken: csrf.token(req, res), name: String(res.locals.signedInName) }
        : undefined;
      res
        .status(status)
        .type('html')
        .send(layout({ portalName: deps.portalName, title, body, signedIn }));
    },
    async limited(req, res, limit, key) {
      const retryAfter = await limits.consume(limit, key);
      if (retryAfter === null) return false;
      metrics.rateLimited.inc({ limit });
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
