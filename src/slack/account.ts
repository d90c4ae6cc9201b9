import type { Account } from '../core/accounts/account-view.ts';
import { findAccount } from '../core/accounts/find-account.ts';
import { findChannelAccount } from '../core/accounts/find-channel-account.ts';
import type { SlackDeps } from './slack-deps.ts';

/**
 * The account a channel acts on: its binding (/portal bind) or the default account.
 * @throws AppError forbidden when the channel is bound by another workspace or organisation (audited)
 */
export async function accountForChannel(
  deps: SlackDeps,
  where: { teamId?: string; enterpriseId?: string; channelId?: string; userId?: string },
): Promise<Account> {
  if (where.channelId) {
    const bound = await findChannelAccount(deps.context.core, {
      teamId: where.teamId ?? '',
      enterpriseId: where.enterpriseId || undefined,
      channelId: where.channelId,
      actor: where.userId ? `slack:${where.userId}` : 'system',
    });
    if (bound) return findAccount(deps.context.core, { id: bound.accountId });
  }
  return deps.context.defaultAccount;
}
