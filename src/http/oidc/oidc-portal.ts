/**
 * Each account's portal is its own OpenID Connect issuer: the address the
 * portal is served at. The default account keeps PUBLIC_URL (as before
 * accounts had portals); another account's is its custom domain,
 * `https://<slug>.<PORTAL_BASE_DOMAIN>` or `PUBLIC_URL/a/<slug>`
 * (src/core/accounts/portal-site-url.ts), so discovery is at
 * `<issuer>/.well-known/openid-configuration` and the endpoints at `<issuer>/oidc/…`.
 */
import type { Account } from '../../core/accounts/account-view.ts';
import { portalSiteUrl } from '../../core/accounts/portal-site-url.ts';
import type { Core } from '../../core/core.ts';
import type { PortalAccount } from '../portal/portal-account.ts';

/** The account an OpenID Connect provider instance serves, and where. */
export interface OidcPortal {
  accountId: string;
  slug: string;
  issuer: string;
  /** The portal's path prefix: "" (served by host) or "/a/<slug>"; the provider's cookies live under it. */
  base: string;
}

/**
 * The issuer of a request's portal, already resolved by the portal resolver
 * (which redirects or refuses an account reached anywhere but at its own
 * address, so the site URL is where the request came). The default account
 * (which has no custom domain) is PUBLIC_URL, byte for byte as before.
 */
export function oidcPortalOfRequest(
  core: Pick<Core, 'publicUrl'>,
  defaultAccountId: string,
  account: PortalAccount,
): OidcPortal {
  return {
    accountId: account.id,
    slug: account.slug,
    issuer: account.id === defaultAccountId ? core.publicUrl : account.siteUrl,
    base: account.base,
  };
}

/** The issuer an account's apps know, without a request (back-channel logout). */
export function oidcPortalOfAccount(
  core: Pick<Core, 'publicUrl' | 'portalBaseDomain'>,
  defaultAccountId: string,
  account: Account,
): OidcPortal {
  const site = portalSiteUrl(core, account);
  const prefix = `/a/${account.slug}`;
  const isDefault = account.id === defaultAccountId;
  return {
    accountId: account.id,
    slug: account.slug,
    issuer: isDefault ? core.publicUrl : site,
    base: !isDefault && site === `${core.publicUrl}${prefix}` ? prefix : '',
  };
}
