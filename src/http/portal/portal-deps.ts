import type { Request, RequestHandler, Response } from 'express';
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
import { closedBody, noPortalBody, tooManyBody } from './pages/simple-pages.ts';
import { createAccountLookup } from './account-lookup.ts';
import { cookieScopeOf, type PortalAccount } from './portal-account.ts';
import { createPortalResolver } from './resolve-portal-account.ts';
import { prefixMarkup } from './prefix-paths.ts';
import { securityHeaders } from './security-headers.ts';
import { isOidcPath } from '../oidc/oidc-paths.ts';

/** What every portal route is built from: one per HTTP app, serving every account's portal. */
export interface PortalDeps {
  core: Core;
  /**
   * The account whose portal this request is on (its name as of a couple of
   * seconds ago). Every route scopes links, codes, passwords, sessions and
   * address limits by it (the OpenID Connect pages too: they are in the
   * portal's router). Requests outside that router are the default account's.
   */
  accountOf(req: Request): PortalAccount;
  /** Resolve the account from the Host (mounted at /) or from `/a/:slug` (src/http/portal/resolve-portal-account.ts). */
  resolveByHost: RequestHandler;
  resolveByPrefix: RequestHandler;
  /** For the link fast path: the open portal a request is for, resolved like the two above; else null. */
  servedAccount(req: Request, res: Response, slug?: string): Promise<PortalAccount | null>;
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
  /** Google returns to `<the account's site URL>/auth/google/callback`: register each portal's in Google's console. */
  google?: { clientId: string; authUrl: string; verifier: GoogleVerifier };
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

export const portalPaths = [
  '/l',
  '/login',
  '/logout',
  '/forgot-password',
  '/reset-password',
  '/auth/google',
  '/portal',
];

/** The portal's own paths; other paths on a portal's host go on to the rest of the service. */
export function isPortalPath(path: string): boolean {
  return portalPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * A portal path, the front door (`/`), which sends to the portal or to sign-in,
 * or one of the portal's OpenID Connect paths (each portal is its own issuer).
 */
function isPortalRequestPath(path: string): boolean {
  return path === '/' || isPortalPath(path) || isOidcPath(path);
}

export function createPortalDeps(context: AppContext, rateLimits: RateLimitStore): Portal {
  const { config, core, logger } = context;
  const resolver = createPortalResolver({
    core,
    lookup: createAccountLookup(core),
    defaultAccount: context.defaultAccount,
    isPortalPath: isPortalRequestPath,
    unknown: (req, res) =>
      securityHeaders(req, res, () => frame(req, res, 404, 'No portal here', noPortalBody(), 'Not found')),
    closed: (req, res) =>
      securityHeaders(req, res, () => deps.page(req, res, 410, 'Portal closed', closedBody(accountOf(req).name))),
  });
  const accountOf = resolver.accountOf;
  const cookies = createCookieJar({
    publicUrl: config.publicUrl,
    scopeOf: (req) => cookieScopeOf(accountOf(req as Request)),
  });
  const csrf = createCsrf({
    secret: context.secrets.sessionSecret,
    cookies,
    portalOf: (req) => ({ accountId: accountOf(req).id, origin: new URL(accountOf(req).siteUrl).origin }),
  });
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
        verifier: createGoogleVerifier({
          clientId: config.googleClientId,
          jwksUrl: config.google.jwksUrl,
          now: core.now,
        }),
      }
    : undefined;

  /** A page; `portalName` overrides the account's (the "no portal here" page names none). */
  const frame = (req: Request, res: Response, status: number, title: string, body: Markup, portalName?: string) => {
    const account = resolver.accountOf(req);
    const signedIn = res.locals.signedInName
      ? { csrfToken: csrf.token(req, res), name: String(res.locals.signedInName) }
      : undefined;
    const page = layout({ portalName: portalName ?? account.name, title, body, signedIn });
    res
      .status(status)
      .type('html')
      .send(portalName ? page : prefixMarkup(page, account.base));
  };
  const accountIdOf = (req: Request) => accountOf(req).id;
  const deps: PortalDeps = {
    core,
    accountOf: resolver.accountOf,
    resolveByHost: resolver.byHost,
    resolveByPrefix: resolver.byPrefix,
    servedAccount: resolver.servedAccount,
    cookies,
    csrf,
    sessions: createPortalSessions({ core, cookies, redeemer, accountIdOf }),
    limits,
    devices: createDeviceCookies({ secret: context.secrets.sessionSecret, cookies, accountIdOf }),
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
      frame(req, res, status, title, body);
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
