import type { Core } from '../core.ts';
import type { Account } from './account-view.ts';
import { DEFAULT_ACCOUNT_SLUG } from './ensure-default-account.ts';

/**
 * Where an account's portal pages are served, without a trailing slash:
 * every link, code page and reset link of the account starts here, and the
 * portal's router resolves the account back from it (src/http/portal/resolve-portal-account.ts).
 * - a custom domain: `https://<domain>` (PUBLIC_URL's scheme and port, so http in development);
 * - the default account: PUBLIC_URL;
 * - with PORTAL_BASE_DOMAIN: `https://<slug>.<base>`;
 * - otherwise the path prefix: `${PUBLIC_URL}/a/<slug>`.
 * @example portalSiteUrl(core, { slug: 'acme', domain: null }) // "https://desk.example.com/a/acme"
 */
export function portalSiteUrl(
  core: Pick<Core, 'publicUrl' | 'portalBaseDomain'>,
  account: Pick<Account, 'slug' | 'domain'>,
): string {
  const origin = (host: string) => {
    const url = new URL(core.publicUrl);
    return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
  };
  if (account.domain) return origin(account.domain);
  if (account.slug === DEFAULT_ACCOUNT_SLUG) return core.publicUrl;
  if (core.portalBaseDomain) return origin(`${account.slug}.${core.portalBaseDomain}`);
  return `${core.publicUrl}/a/${account.slug}`;
}
