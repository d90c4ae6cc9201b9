/**
 * Bolt's InstallationStore over our own table: what @slack/oauth's
 * InstallProvider calls after an install (store), on every request
 * (fetch, through authorize) and after a token rotation (store again).
 * Tokens are sealed by core; nothing here logs one.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Core } from '../../core/core.ts';
import { findSlackInstallation } from '../../core/slack-installations/find-slack-installation.ts';
import type { SlackInstallation } from '../../core/slack-installations/installation-view.ts';
import { recordTokenRotation } from '../../core/slack-installations/record-token-rotation.ts';
import { removeSlackInstallation } from '../../core/slack-installations/remove-slack-installation.ts';
import { saveSlackInstallation } from '../../core/slack-installations/save-slack-installation.ts';

/**
 * Marks an installation this store handed out. InstallProvider.authorize
 * stores `{ ...fetched, bot: rotated }` after refreshing a token, and object
 * spread keeps symbol keys: a store call that carries it is a rotation, not
 * a new install.
 */
const FETCHED_KEY = Symbol('slack-installation-key');

type Fetched = Installation & { [FETCHED_KEY]?: string };

/** What the install flow carries in Bolt's signed state (InstallURLOptions.metadata). */
export interface InstallMetadata {
  /** The account an operator's install link chose. */
  accountId?: string;
}

export function createInstallationStore(core: Core): InstallationStore {
  return {
    async storeInstallation(installation: Fetched) {
      const bot = installation.bot;
      if (!bot?.token) throw new Error('Slack install without a bot token: check the bot scopes in manifest.json');
      const rotatedKey = installation[FETCHED_KEY];
      if (rotatedKey) {
        if (bot.refreshToken && bot.expiresAt)
          await recordTokenRotation(core, {
            installationKey: rotatedKey,
            botToken: bot.token,
            refreshToken: bot.refreshToken,
            tokenExpiresAt: new Date(bot.expiresAt * 1000),
          });
        return;
      }
      await saveSlackInstallation(core, {
        teamId: installation.team?.id,
        teamName: installation.team?.name,
        enterpriseId: installation.enterprise?.id,
        enterpriseName: installation.enterprise?.name,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        appId: installation.appId,
        botId: bot.id,
        botUserId: bot.userId,
        scopes: bot.scopes ?? [],
        installerUserId: installation.user?.id,
        botToken: bot.token,
        refreshToken: bot.refreshToken,
        tokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : undefined,
        accountId: metadataOf(installation.metadata).accountId,
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await findSlackInstallation(core, query);
      // InstallProvider turns this into an AuthorizationError: Bolt acks and runs no listener.
      if (!found) throw new Error('no Slack installation for this workspace');
      return toBoltInstallation(found);
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await removeSlackInstallation(core, { ...query, reason: 'app_uninstalled' });
    },
  };
}

export function metadataOf(metadata: string | undefined): InstallMetadata {
  if (!metadata) return {};
  try {
    const parsed = JSON.parse(metadata) as InstallMetadata;
    return typeof parsed.accountId === 'string' ? { accountId: parsed.accountId } : {};
  } catch {
    return {};
  }
}

function toBoltInstallation(found: SlackInstallation): Installation {
  const installation: Fetched = {
    team: found.teamId ? { id: found.teamId, name: found.teamName } : undefined,
    enterprise: found.enterpriseId ? { id: found.enterpriseId, name: found.enterpriseName } : undefined,
    isEnterpriseInstall: found.isEnterpriseInstall,
    appId: found.appId,
    // Rotation (InstallProvider.authorize) refuses anything but v2 when a refresh token is present.
    authVersion: 'v2',
    user: { id: found.installerUserId ?? '', token: undefined, scopes: undefined },
    bot: {
      id: found.botId ?? '',
      userId: found.botUserId ?? '',
      scopes: found.scopes,
      token: found.botToken,
      refreshToken: found.refreshToken,
      expiresAt: found.tokenExpiresAt ? Math.floor(found.tokenExpiresAt.getTime() / 1000) : undefined,
    },
  };
  installation[FETCHED_KEY] = found.installationKey;
  return installation;
}
