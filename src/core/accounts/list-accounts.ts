import type { Core } from '../core.ts';
import { toAccount, type Account } from './account-view.ts';

export interface ListAccountsOptions {
  /** @default false: archived accounts are left out */
  includeArchived?: boolean;
}

/** Every account, oldest first (the default account leads). Operators run a handful to a few hundred. */
export async function listAccounts(core: Core, options: ListAccountsOptions = {}): Promise<Account[]> {
  const rows = await core.db.account.findMany({
    where: options.includeArchived ? {} : { archivedAt: null },
    orderBy: [{ createdAt: 'asc' }, { slug: 'asc' }],
    take: 1000,
  });
  return rows.map(toAccount);
}
