/**
 * Which account's portal a request is for (issue #16), from where it came in:
 * 1. the Host is an account's custom domain;
 * 2. the Host is `<slug>.` + PORTAL_BASE_DOMAIN;
 * 3. the Host is PUBLIC_URL's (or localhost, or an IP address: development
 *    and health checks): `/a/<slug>/…` is that account's portal, anything
 *    else the default account's, as before accounts had portals.
 * Any other host, and an unknown slug, get a "no portal here" 404, never the
 * default account's pages. The Host is Express's `req.hostname`, so
 * X-Forwarded-Host counts only from proxies TRUST_PROXY names.
 * An account reached at an address that is not its own (its slug's address
 * after it got a custom domain) is redirected there on GET, so old links keep
 * working; a form post there is a 404.
 */
import { isIP } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import type { Core } from '../../core/core.ts';
import type { Account } from '../../core/accounts/account-view.ts';
import { portalSiteUrl } from '../../core/accounts/portal-site-url.ts';
import type { AccountLookup } from './account-lookup.ts';
import type { PortalAccount } from './portal-account.ts';
import { keepRedirectsUnder } from './prefix-paths.ts';

export interface PortalResolver {
  /** Mounted before the portal's routes at `/`: resolves by Host. */
  byHost: RequestHandler;
  /** Mounted at `/a/:slug`: resolves by the path prefix (on PUBLIC_URL's host only). */
  byPrefix: RequestHandler;
  /** The account of a resolved request (portal pages and OpenID Connect paths); anything else is the default account's. */
  accountOf(req: Request): PortalAccount;
  /**
   * For a path answered ahead of Express (link-redeem-fast-path.ts): resolves
   * the request like byHost (no slug) or byPrefix would, when its portal is
   * open and at home; null when the portal would answer otherwise (unknown,
   * closed, moved), which the Express route then does.
   */
  servedAccount(req: Request, res: Response, slug?: string): Promise<PortalAccount | null>;
}

export function createPortalResolver(options: {
  core: Core;
  lookup: AccountLookup;
  defaultAccount: Account;
  /** Whether a path is one of the portal's (others on a host pass through to the rest of the service). */
  isPortalPath(path: string): boolean;
  /** The 404 "no portal here" answer. */
  unknown(req: Request, res: Response): void;
  /** The answer of every page of an archived account's portal. */
  closed(req: Request, res: Response): void;
}): PortalResolver {
  const { core, lookup } = options;
  const publicHost = new URL(core.publicUrl).hostname.toLowerCase();
  const baseDomain = core.portalBaseDomain;
  const resolved = new WeakMap<Request, PortalAccount>();
  const view = (account: Account, base: string): PortalAccount => ({
    id: account.id,
    slug: account.slug,
    name: account.name,
    archived: account.archivedAt !== null,
    siteUrl: portalSiteUrl(core, account),
    base,
  });
  let defaultView = view(options.defaultAccount, '');
  let defaultReadAt = Date.now();
  // A failed re-read keeps the name a moment older rather than failing the page.
  const refreshDefault = async () => {
    defaultReadAt = Date.now();
    const account = await lookup.find({ id: options.defaultAccount.id }).catch(() => null);
    if (account) defaultView = view(account, '');
    return defaultView;
  };

  const hostOf = (req: Request) =>
    (req.hostname ?? '')
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '');
  const isServiceHost = (host: string) => host === publicHost || host === 'localhost' || isIP(host) !== 0;

  /** The account a request names by its host, or by `/a/<slug>` on the service's own host; null: no portal there. */
  const locate = async (req: Request, slug?: string): Promise<{ account: PortalAccount; atHome: boolean } | null> => {
    const host = hostOf(req);
    if (slug !== undefined) {
      const wanted = slug.toLowerCase();
      const found =
        isServiceHost(host) && /^[a-z0-9][a-z0-9-]{0,39}$/.test(wanted) ? await lookup.find({ slug: wanted }) : null;
      if (!found) return null;
      const base = `/a/${found.slug}`;
      const account = view(found, base);
      return { account, atHome: account.siteUrl === `${core.publicUrl}${base}` };
    }
    // localhost, an IP or PUBLIC_URL's host: the default account, wherever PUBLIC_URL points.
    if (isServiceHost(host))
      return { account: Date.now() - defaultReadAt > 2_000 ? await refreshDefault() : defaultView, atHome: true };
    const hostSlug = baseDomain && host.endsWith(`.${baseDomain}`) ? host.slice(0, -baseDomain.length - 1) : '';
    const found =
      (await lookup.find({ domain: host })) ??
      (/^[a-z0-9][a-z0-9-]{0,39}$/.test(hostSlug) ? await lookup.find({ slug: hostSlug }) : null);
    if (!found) return null;
    const account = view(found, '');
    // Hosts are compared without scheme and port: behind a proxy those are the proxy's business.
    return { account, atHome: new URL(account.siteUrl).hostname === host };
  };

  /** Serves the request as this account's portal, or answers it (closed, moved). */
  const serve = (req: Request, res: Response, next: () => void, account: PortalAccount, atHome: boolean) => {
    if (!atHome) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return options.unknown(req, res);
      return res.redirect(308, `${account.siteUrl}${req.url === '/' ? '' : req.url}`);
    }
    resolved.set(req, account);
    keepRedirectsUnder(res, account.base);
    // The closed page's own stylesheet still loads.
    if (account.archived && req.path !== '/portal.css') return options.closed(req, res);
    next();
  };
  return {
    async byHost(req, res, next) {
      if (!options.isPortalPath(req.path)) return next();
      try {
        const located = await locate(req);
        if (!located) return options.unknown(req, res);
        serve(req, res, next, located.account, located.atHome);
      } catch (error) {
        next(error);
      }
    },
    async byPrefix(req, res, next) {
      try {
        const located = await locate(req, String(req.params.slug ?? ''));
        if (!located) return options.unknown(req, res);
        serve(req, res, next, located.account, located.atHome);
      } catch (error) {
        next(error);
      }
    },
    async servedAccount(req, res, slug) {
      const located = await locate(req, slug);
      if (!located || !located.atHome || located.account.archived) return null;
      resolved.set(req, located.account);
      keepRedirectsUnder(res, located.account.base);
      return located.account;
    },
    accountOf(req) {
      const found = resolved.get(req);
      if (found) return found;
      if (Date.now() - defaultReadAt > 2_000) void refreshDefault();
      return defaultView;
    },
  };
}
