import type { Account } from '../core/accounts/account-view.ts';
import { findChannelAccount } from '../core/accounts/find-channel-account.ts';
import type { SlackDeps } from './slack-deps.ts';

/** The account a channel acts on: its binding (/portal bind) or the default account. */
export async function accountForChannel(deps: SlackDeps, where: { teamId?: string; channelId?: string }): Promise<Account> {
  const bound = where.channelId ? await findChannelAccount(deps.context.core, { teamId: where.teamId, channelId: where.channelId }) : null;
  return bound ?? deps.context.defaultAccount;
}
