import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertActor, type Actor } from '../audit/actor.ts';
import { findAccount } from './find-account.ts';
import { DEFAULT_ACCOUNT_SLUG } from './ensure-default-account.ts';
import { portalSiteUrl } from './portal-site-url.ts';
import { toAccount, type Account } from './account-view.ts';

export interface SetAccountDomainOptions {
  slug: string;
  /** A host name like `portal.acme.com` (no scheme, port or path); null or "" clears it. */
  domain: string | null;
  actor: Actor;
}

// RFC 1123 labels, at least two of them; lower-case only (the Host header is compared lower-cased).
const hostName = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A typed domain in the form it is stored and compared in, or the reason it is refused (field `domain`). */
export function parseAccountDomain(typed: string): string {
  const domain = typed.trim().toLowerCase().replace(/\.$/, '');
  if (!hostName.test(domain) || /^[\d.]+$/.test(domain))
    throw invalidInput(`domain: "${typed.trim().slice(0, 80)}" is not a host name like portal.acme.com`, [
      { input: 'domain', reason: 'a host name only: no https://, port or path' },
    ]);
  return domain;
}

/**
 * Serves an account's portal at a custom domain (or back at its slug's
 * address, with null). The account's portal URL follows when it was the
 * automatic one (not one an operator typed). The default account has no
 * custom domain: it lives at PUBLIC_URL, with the OpenID Connect provider.
 * @throws AppError account_not_found, invalid_input (field domain), conflict (field domain: another account has it)
 */
export async function setAccountDomain(core: Core, options: SetAccountDomainOptions): Promise<Account> {
  assertActor(options.actor);
  const domain = options.domain === null || options.domain.trim() === '' ? null : parseAccountDomain(options.domain);
  const account = await findAccount(core, { slug: options.slug.trim().toLowerCase() });
  if (domain !== null) refuseReserved(core, account, domain);
  if (account.domain === domain) return account;
  const fieldClash = () =>
    new AppError('conflict', `domain: another account already uses ${domain}`, { field: 'domain' });
  if (domain !== null) {
    const other = await core.db.account.findUnique({ where: { domain }, select: { id: true } });
    if (other && other.id !== account.id) throw fieldClash();
  }
  const portalUrl = followingPortalUrl(core, account, domain);
  return core.db
    .$transaction(async (tx) => {
      const row = await tx.account.update({ where: { id: account.id }, data: { domain, portalUrl } });
      await recordAuditEvent(core, tx, {
        accountId: account.id,
        actor: options.actor,
        action: domain ? 'account.domain_set' : 'account.domain_cleared',
        subject: `account:${account.id}`,
        metadata: { from: account.domain, to: domain },
      });
      return toAccount(row);
    })
    .catch((error: unknown) => {
      // Two accounts given one domain at once: the unique index decides, the loser gets the same 409.
      if ((error as { code?: string }).code === 'P2002') throw fieldClash();
      throw error;
    });
}

function refuseReserved(core: Core, account: Account, domain: string): void {
  const refuse = (why: string) => {
    throw invalidInput(`domain: ${why}`, [{ input: 'domain', reason: why }]);
  };
  if (account.slug === DEFAULT_ACCOUNT_SLUG)
    refuse('the default account is served at PUBLIC_URL; change PUBLIC_URL to move it');
  if (domain === new URL(core.publicUrl).hostname)
    refuse(`${domain} is PUBLIC_URL's host, where the default account lives`);
  const base = core.portalBaseDomain;
  if (base && (domain === base || domain.endsWith(`.${base}`)))
    refuse(`names under ${base} (PORTAL_BASE_DOMAIN) go by slug: this account is already at ${account.slug}.${base}`);
}

/** The new portal URL when the old one was automatic (its site, or its site's /portal), else the typed one unchanged. */
function followingPortalUrl(core: Core, account: Account, domain: string | null): string {
  const before = portalSiteUrl(core, account);
  const after = portalSiteUrl(core, { slug: account.slug, domain });
  const prefixed = `${core.publicUrl}/a/${account.slug}`;
  if ([before, prefixed].includes(account.portalUrl)) return after;
  if ([`${before}/portal`, `${prefixed}/portal`].includes(account.portalUrl)) return `${after}/portal`;
  return account.portalUrl;
}
