/**
 * Many workspaces: when Slack says the app left a workspace (app_uninstalled)
 * or its bot token was revoked (tokens_revoked), the installation's tokens
 * are deleted and it is marked uninstalled (audited); other workspaces go on.
 * Bolt runs these without authorize: the token is already dead.
 */
import type { App } from '@slack/bolt';
import { removeSlackInstallation } from '../../core/slack-installations/remove-slack-installation.ts';
import type { SlackDeps } from '../slack-deps.ts';

export function registerAppUninstalled(app: App, deps: SlackDeps): void {
  app.event('app_uninstalled', async ({ context }) => {
    await forget(deps, context, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context }) => {
    // Only user tokens revoked: we keep none, so the bot goes on working.
    if ((event.tokens.bot ?? []).length === 0) return;
    await forget(deps, context, 'tokens_revoked');
  });
}

async function forget(
  deps: SlackDeps,
  context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
  reason: 'app_uninstalled' | 'tokens_revoked',
): Promise<void> {
  try {
    const removed = await removeSlackInstallation(deps.context.core, {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall,
      reason,
    });
    deps.logger.info('slack: workspace left', {
      reason,
      team: context.teamId,
      enterprise: context.enterpriseId,
      found: removed,
    });
  } catch (error) {
    deps.logger.error('slack: could not forget a workspace', { reason, error: (error as Error).message });
  }
}
