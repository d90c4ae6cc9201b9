/**
 * The portal's account lookups (by custom domain, slug or id), cached for a
 * couple of seconds: every portal request needs its account, and a rename,
 * a new domain or an archive (from any instance) shows within that time.
 * Misses are cached too, so a flood of made-up host names costs one query
 * each per interval, and the cache is emptied when it grows past its bound.
 */
import type { Core } from '../../core/core.ts';
import type { Account } from '../../core/accounts/account-view.ts';
import { findAccount, type FindAccountOptions } from '../../core/accounts/find-account.ts';
import { isAppError } from '../../core/shared/errors.ts';

export interface AccountLookup {
  find(by: { domain: string } | { slug: string } | { id: string }): Promise<Account | null>;
}

export function createAccountLookup(
  core: Core,
  options: {
    /** @default 2000 */
    maxAgeMs?: number;
    /** @default 1000 */
    maxEntries?: number;
    now?: () => number;
  } = {},
): AccountLookup {
  const maxAgeMs = options.maxAgeMs ?? 2_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { at: number; account: Promise<Account | null> }>();
  return {
    find(by) {
      const [kind, value] = Object.entries(by)[0] as [keyof FindAccountOptions, string];
      const key = `${kind}:${value}`;
      const hit = cached.get(key);
      if (hit && now() - hit.at <= maxAgeMs) return hit.account;
      if (cached.size >= maxEntries) cached.clear();
      const account = findAccount(core, { [kind]: value }).catch((error: unknown) => {
        if (isAppError(error, 'account_not_found')) return null;
        cached.delete(key); // a database hiccup is not remembered
        throw error;
      });
      cached.set(key, { at: now(), account });
      return account;
    },
  };
}
