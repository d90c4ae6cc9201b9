import type { Account } from '../../core/accounts/account-view.ts';
import { findAccount } from '../../core/accounts/find-account.ts';
import { findAccountByRef } from '../../core/accounts/find-account-by-ref.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';
import type { Core } from '../../core/core.ts';
import { AppError, invalidInput } from '../../core/shared/errors.ts';

/**
 * The account an /admins request acts on. An account key acts on its own
 * account (naming it is allowed, naming another is 403); an operator key
 * reaches every account, so it must say which one (`?account=` or `account`
 * in the body: a slug or an id).
 * @throws AppError invalid_input (account), forbidden, account_not_found
 */
export async function adminAccount(core: Core, caller: ApiCaller, ref: string | undefined): Promise<Account> {
  if (caller.operator) {
    if (!ref) throw invalidInput('account: an operator key names the account, e.g. ?account=acme (a slug or an id)');
    return findAccountByRef(core, { ref });
  }
  const own = await findAccount(core, { id: caller.accountId });
  if (ref && ref !== own.id && ref.trim().toLowerCase() !== own.slug)
    throw new AppError(
      'forbidden',
      'account: an account key manages the admins of its own account only (leave "account" out, or use an operator key)',
    );
  return own;
}
