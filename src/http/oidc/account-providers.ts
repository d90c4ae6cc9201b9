/**
 * One oidc-provider instance per account's issuer, built on first use and
 * kept in a bounded cache: an instance is a few objects and no timers (the
 * store and signing keys are shared), so rebuilding one that fell out costs a
 * little CPU and no state: sessions, grants and tokens live in the database.
 * The cache key is the account and its issuer, so an account that moves (a new
 * custom domain) gets a provider for its new address.
 */
import type { OidcPortal } from './oidc-portal.ts';

export interface AccountProviders<Built> {
  /** The account's provider, built by `build` the first time (concurrent callers share one build). */
  get(portal: OidcPortal): Promise<Built>;
  /** Forgets every instance (a rotated key set): the next request builds afresh. */
  clear(): void;
  /** How many instances are kept now. */
  readonly size: number;
}

export function createAccountProviders<Built>(options: {
  build(portal: OidcPortal): Promise<Built>;
  /** @default 200 */
  maxEntries?: number;
}): AccountProviders<Built> {
  const maxEntries = options.maxEntries ?? 200;
  const kept = new Map<string, Promise<Built>>();
  return {
    get(portal) {
      const key = `${portal.accountId}\n${portal.issuer}`;
      const hit = kept.get(key);
      if (hit) {
        // Most recently used last: the oldest is the first to go.
        kept.delete(key);
        kept.set(key, hit);
        return hit;
      }
      if (kept.size >= maxEntries) kept.delete(kept.keys().next().value!);
      const built = options.build(portal);
      // A failed build is not remembered: the next request tries again.
      built.catch(() => kept.get(key) === built && kept.delete(key));
      kept.set(key, built);
      return built;
    },
    clear() {
      kept.clear();
    },
    get size() {
      return kept.size;
    },
  };
}
