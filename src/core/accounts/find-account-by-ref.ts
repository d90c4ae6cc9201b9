import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { findAccount } from './find-account.ts';
import type { Account } from './account-view.ts';

/**
 * An account named the way people and scripts name it: its slug (`acme`) or
 * its id. Slugs are lower-case words and ids are not, so one lookup of each
 * decides; a slug is tried first because it is what people type.
 * @throws AppError account_not_found
 */
export async function findAccountByRef(core: Core, options: { ref: string }): Promise<Account> {
  const ref = options.ref.trim();
  if (!ref || ref.length > 100) throw new AppError('account_not_found', 'account: give a slug or an id');
  const bySlug = await core.db.account.findUnique({ where: { slug: ref.toLowerCase() } });
  if (bySlug) return findAccount(core, { id: bySlug.id });
  return findAccount(core, { id: ref }).catch(() => {
    throw new AppError('account_not_found', `account: no account with slug or id "${ref.slice(0, 60)}"`);
  });
}
