/**
 * A Slack OAuth installation as the rest of the service sees it, with its
 * tokens opened. Only this file opens the sealed columns, so a token never
 * leaves core except to the Slack client that uses it.
 */
import type { Core } from '../core.ts';
import { openSecret } from '../events/webhook-secret-box.ts';

export interface SlackInstallationRow {
  id: string;
  installationKey: string;
  accountId: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  scopes: string;
  installerUserId: string | null;
  botTokenSealed: string | null;
  refreshTokenSealed: string | null;
  tokenExpiresAt: Date | null;
  installedAt: Date;
  uninstalledAt: Date | null;
}

export interface SlackInstallation {
  id: string;
  /** The team id, or the enterprise id of an org-wide install. */
  installationKey: string;
  accountId: string;
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  appId?: string;
  botId?: string;
  botUserId?: string;
  scopes: string[];
  installerUserId?: string;
  botToken: string;
  /** With token rotation: what renews botToken before tokenExpiresAt. */
  refreshToken?: string;
  tokenExpiresAt?: Date;
  installedAt: Date;
}

/** What a request says about where it comes from. */
export interface SlackWorkspaceRef {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** An org-wide install is keyed by its organisation; any other by its team. */
export function installationKeyOf(ref: SlackWorkspaceRef): string | undefined {
  return ref.isEnterpriseInstall ? ref.enterpriseId || undefined : ref.teamId || undefined;
}

/** @returns null for an uninstalled row (its tokens are gone) */
export function openInstallation(core: Pick<Core, 'linkKeys'>, row: SlackInstallationRow): SlackInstallation | null {
  if (row.uninstalledAt || !row.botTokenSealed) return null;
  return {
    id: row.id,
    installationKey: row.installationKey,
    accountId: row.accountId,
    teamId: row.teamId ?? undefined,
    teamName: row.teamName ?? undefined,
    enterpriseId: row.enterpriseId ?? undefined,
    enterpriseName: row.enterpriseName ?? undefined,
    isEnterpriseInstall: row.isEnterpriseInstall,
    appId: row.appId ?? undefined,
    botId: row.botId ?? undefined,
    botUserId: row.botUserId ?? undefined,
    scopes: row.scopes ? row.scopes.split(',') : [],
    installerUserId: row.installerUserId ?? undefined,
    botToken: openSecret(core.linkKeys, row.botTokenSealed),
    refreshToken: row.refreshTokenSealed ? openSecret(core.linkKeys, row.refreshTokenSealed) : undefined,
    tokenExpiresAt: row.tokenExpiresAt ?? undefined,
    installedAt: row.installedAt,
  };
}
