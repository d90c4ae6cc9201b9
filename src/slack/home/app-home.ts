/**
 * App Home: published on every app_home_opened, so it is always current.
 *
 * It shows the account the viewer's workspace resolves to (the installation's
 * account with OAuth; the default account with SLACK_BOT_TOKEN). When one
 * workspace serves several portals (channels bound to other accounts with
 * `/portal bind`), an admin of those accounts gets a chooser; the choice is
 * kept in the published view, so the next app_home_opened stays on it. Others
 * always see the workspace's own account.
 */
import type { App, BlockAction, StaticSelectAction, webApi } from '@slack/bolt';
import type { Account } from '../../core/accounts/account-view.ts';
import { listWorkspaceAccounts } from '../../core/accounts/list-workspace-accounts.ts';
import { countPortalUsers } from '../../core/stats/count-portal-users.ts';
import { listAuditEvents } from '../../core/audit/list-audit-events.ts';
import { describeAuditEvents } from '../../core/audit/describe-audit-events.ts';
import { actionIds } from '../action-ids.ts';
import { accountForChannel } from '../account.ts';
import { homeAccountOf, homeView } from '../blocks/home.ts';
import { slackErrorCode } from '../error-text.ts';
import type { SlackDeps } from '../slack-deps.ts';

export interface HomeViewer {
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  /** The account the viewer chose before (kept in the view), honoured when they may still see it. */
  chosenAccountId?: string;
  /** The listener's client: it speaks for the viewer's workspace. */
  client: webApi.WebClient;
}

/**
 * The account to show, whether the viewer is its admin, and the accounts the
 * chooser offers: the workspace's own account first, then the other accounts
 * bound in this workspace that the viewer is an admin of.
 */
async function homeAccounts(
  deps: SlackDeps,
  viewer: HomeViewer,
): Promise<{ account: Account; isAdmin: boolean; choices: Account[] }> {
  const own = await accountForChannel(deps, {
    teamId: viewer.teamId,
    enterpriseId: viewer.enterpriseId,
    userId: viewer.userId,
  });
  // Asked per account: where admins are per account, each sees only the portals they run.
  const adminOf = (accountId: string) => deps.authz.isAdmin(viewer.userId, accountId);
  const bound = viewer.teamId
    ? await listWorkspaceAccounts(deps.context.core, { teamId: viewer.teamId, enterpriseId: viewer.enterpriseId })
    : [];
  const choices = [own];
  for (const account of bound) if (account.id !== own.id && (await adminOf(account.id))) choices.push(account);
  const account = choices.find((a) => a.id === viewer.chosenAccountId) ?? own;
  return { account, isAdmin: await adminOf(account.id), choices: choices.length > 1 ? choices : [] };
}

export async function publishHome(deps: SlackDeps, viewer: HomeViewer): Promise<void> {
  const core = deps.context.core;
  const { account, isAdmin, choices } = await homeAccounts(deps, viewer);
  const accountId = account.id;
  const [stats, events] = await Promise.all([
    countPortalUsers(core, { accountId }),
    listAuditEvents(core, { accountId, limit: 10 }),
  ]);
  // Only admins see who the activity was about.
  const described = await describeAuditEvents(core, { accountId, events, withNames: isAdmin });
  await viewer.client.views.publish({
    user_id: viewer.userId,
    view: homeView({
      accountId,
      accounts: choices.map((a) => ({ id: a.id, name: a.name, slug: a.slug })),
      stats,
      events: described,
      isAdmin,
      now: core.now(),
    }),
  });
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const envelope = body as { team_id?: string; enterprise_id?: string };
    await publishOrLog(deps, {
      userId: event.user,
      teamId: envelope.team_id,
      enterpriseId: envelope.enterprise_id,
      chosenAccountId: homeAccountOf(event.view?.private_metadata),
      client,
    });
  });
  app.action<BlockAction<StaticSelectAction>>(
    { type: 'block_actions', action_id: actionIds.homeAccount },
    async ({ ack, body, action, client }) => {
      await ack();
      await publishOrLog(deps, {
        userId: body.user.id,
        teamId: body.team?.id,
        enterpriseId: body.enterprise?.id,
        chosenAccountId: action.selected_option?.value,
        client,
      });
    },
  );
}

async function publishOrLog(deps: SlackDeps, viewer: HomeViewer): Promise<void> {
  try {
    await publishHome(deps, viewer);
  } catch (error) {
    deps.logger.warn('slack: cannot publish App Home', {
      user: viewer.userId,
      error: slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error)),
    });
  }
}
