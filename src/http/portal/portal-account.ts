/**
 * The account a portal request is for, as the pages, cookies and sign-in
 * routes see it. Resolved once per request from the Host header or the
 * `/a/<slug>` prefix (resolve-portal-account.ts); everything a route does is
 * scoped by it, so a link, code, password or session of another account is
 * unknown here.
 */
export interface PortalAccount {
  id: string;
  slug: string;
  /** The portal's name as of its settings a moment ago (the lookup is cached for about 2 seconds). */
  name: string;
  archived: boolean;
  /** Where the account's portal is served (src/core/accounts/portal-site-url.ts). */
  siteUrl: string;
  /** The path prefix of this request's portal: "" (served by host) or "/a/<slug>". */
  base: string;
}

/** Cookie names and path of one portal: one host each, or one path (and name suffix) per prefixed account. */
export interface CookieScope {
  path: string;
  /** Appended to every cookie name, so a prefixed account never reads another's cookie on the shared host. */
  suffix: string;
}

export function cookieScopeOf(account: Pick<PortalAccount, 'slug' | 'base'> | undefined): CookieScope {
  return account?.base ? { path: account.base, suffix: `-${account.slug}` } : { path: '/', suffix: '' };
}
