import { webApi } from '@slack/bolt';
import type { Authorize } from '@slack/bolt';
import type { Core } from '../../core/core.ts';
import { findAccountInstallation } from '../../core/slack-installations/find-account-installation.ts';
import type { SlackClients } from '../slack-clients.ts';

/**
 * Many workspaces: an account posts through the bot token of the workspace
 * installed for it. The token comes through `authorize`, so one that is
 * about to expire is rotated first, exactly as for a request.
 */
export function oauthClients(
  core: Core,
  authorize: Authorize<boolean>,
  clientOptions: webApi.WebClientOptions,
): SlackClients {
  const clients = new Map<string, webApi.WebClient>();
  return {
    async forAccount(accountId) {
      const installation = await findAccountInstallation(core, { accountId });
      if (!installation) return null;
      const { botToken } = await authorize({
        teamId: installation.teamId,
        enterpriseId: installation.enterpriseId,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      if (!botToken) return null;
      // One client per token keeps Slack's per-token request queue; a rotated token replaces the old client.
      const key = installation.installationKey;
      const cached = clients.get(key);
      if (cached?.token === botToken) return cached;
      const client = new webApi.WebClient(botToken, clientOptions);
      clients.set(key, client);
      return client;
    },
  };
}
