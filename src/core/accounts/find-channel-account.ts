import type { Core } from '../core.ts';
import { findAccount } from './find-account.ts';
import type { Account } from './account-view.ts';

export interface FindChannelAccountOptions {
  teamId?: string;
  channelId: string;
}

/** The account a Slack channel is bound to (/portal bind), or null when it is not bound. */
export async function findChannelAccount(core: Core, options: FindChannelAccountOptions): Promise<Account | null> {
  const binding = await core.db.slackChannelBinding.findUnique({
    where: { teamId_channelId: { teamId: options.teamId ?? '', channelId: options.channelId } },
  });
  return binding ? findAccount(core, { id: binding.accountId }) : null;
}
