import type { Account } from '../core/accounts/account-view.ts';
import { findAccount } from '../core/accounts/find-account.ts';
import type { SlackDeps } from './slack-deps.ts';

/** The account a channel acts on: its binding (/portal bind) or the default account. */
export async function accountForChannel(deps: SlackDeps, where: { teamId?: string; channelId?: string }): Promise<Account> {
  if (where.channelId) {
    const binding = await deps.context.core.db.slackChannelBinding.findUnique({
      where: { teamId_channelId: { teamId: where.teamId ?? '', channelId: where.channelId } },
    });
    if (binding) return findAccount(deps.context.core, { id: binding.accountId });
  }
  return deps.context.defaultAccount;
}
