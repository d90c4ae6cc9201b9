import type { Account } from '../core/accounts/account-view.ts';
import { findAccount } from '../core/accounts/find-account.ts';
import { findChannelAccount } from '../core/accounts/find-channel-account.ts';
import { AppError } from '../core/shared/errors.ts';
import { findSlackInstallation } from '../core/slack-installations/find-slack-installation.ts';
import type { SlackDeps } from './slack-deps.ts';

/**
 * The account a channel acts on: its binding (/portal bind), else, with many
 * workspaces (OAuth), the account the request's workspace was installed for,
 * else (one workspace, SLACK_BOT_TOKEN) the default account.
 * @throws AppError forbidden when the channel is bound by another workspace or organisation (audited),
 *   or, with many workspaces, when the request's workspace has no installation
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
  if (!deps.multiWorkspace) return deps.context.defaultAccount;
  // Bolt only ran this listener because the workspace is installed; checked again so that nothing falls back.
  const installation = await findSlackInstallation(deps.context.core, {
    teamId: where.teamId || undefined,
    enterpriseId: where.enterpriseId || undefined,
  });
  if (!installation)
    throw new AppError('forbidden', 'this Slack workspace is not connected to a portal account; nothing was done');
  return findAccount(deps.context.core, { id: installation.accountId });
}
