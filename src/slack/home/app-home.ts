/** App Home: published on every app_home_opened, so it is always current. */
import type { App } from '@slack/bolt';
import { countPortalUsers } from '../../core/stats/count-portal-users.ts';
import { listAuditEvents } from '../../core/audit/list-audit-events.ts';
import { describeAuditEvents } from '../../core/audit/describe-audit-events.ts';
import { homeView } from '../blocks/home.ts';
import { slackErrorCode } from '../error-text.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { contactIdOf, contactRef } from '../../core/audit/actor.ts';

export async function publishHome(deps: SlackDeps, userId: string): Promise<void> {
  const core = deps.context.core;
  const accountId = deps.context.defaultAccount.id;
  const [stats, events, isAdmin] = await Promise.all([
    countPortalUsers(core, { accountId }),
    listAuditEvents(core, { accountId, limit: 10 }),
    deps.authz.isAdmin(userId, accountId),
  ]);
  // Only admins see who the activity was about.
  const described = await describeAuditEvents(core, { accountId, events, withNames: isAdmin });
  await deps.client.views.publish({
    user_id: userId,
    view: homeView({ stats, events: described, isAdmin, now: core.now() }),
  });
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, event.user);
    } catch (error) {
      deps.logger.warn('slack: cannot publish App Home', {
        user: event.user,
        error: slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error)),
      });
    }
  });
}
