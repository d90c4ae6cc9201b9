import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { toAccount, type Account } from './account-view.ts';

export interface FindAccountOptions {
  id?: string;
  slug?: string;
  /** A custom domain, lower-case (the portal resolves its account from the Host). */
  domain?: string;
}

/** @throws AppError account_not_found */
export async function findAccount(core: Core, options: FindAccountOptions): Promise<Account> {
  const row = options.id
    ? await core.db.account.findUnique({ where: { id: options.id } })
    : options.slug
      ? await core.db.account.findUnique({ where: { slug: options.slug } })
      : options.domain
        ? await core.db.account.findUnique({ where: { domain: options.domain } })
        : null;
  if (!row)
    throw new AppError('account_not_found', `no account ${options.slug ?? options.id ?? options.domain ?? ''}`.trim());
  return toAccount(row);
}
