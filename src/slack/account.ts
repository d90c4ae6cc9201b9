import type { Account } from '../core/accounts/account-view.ts';
import { findAccount } from '../core/accounts/find-account.ts';
import { findChannelAccount } from '../core/accounts/find-channel-account.ts';
import { listWorkspaceAccounts } from '../core/accounts/list-workspace-accounts.ts';
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

/**
 * The account a button's value or a form's private_metadata names, checked
 * against the request's workspace. With many workspaces it must be the one
 * the request resolves to (binding or installation) or one bound in the same
 * workspace (App Home's chooser): so a user id that is an admin in another
 * workspace's account (Enterprise Grid ids are shared) gets nothing here.
 * We render those values ourselves; this keeps it so if one ever is not.
 * @throws AppError forbidden, account_not_found
 */
export async function namedAccount(
  deps: SlackDeps,
  where: { teamId?: string; enterpriseId?: string; channelId?: string; userId?: string },
  accountId: string,
): Promise<Account> {
  const account = await findAccount(deps.context.core, { id: accountId });
  if (!deps.multiWorkspace) return account;
  if ((await accountForChannel(deps, where)).id === account.id) return account;
  const bound = where.teamId
    ? await listWorkspaceAccounts(deps.context.core, { teamId: where.teamId, enterpriseId: where.enterpriseId })
    : [];
  if (bound.some((candidate) => candidate.id === account.id)) return account;
  throw new AppError('forbidden', 'that portal account is not served in this Slack workspace; nothing was done');
}
