import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { systemActor } from '../audit/actor.ts';
import { installationKeyOf, type SlackWorkspaceRef } from './installation-view.ts';

export interface RemoveSlackInstallationOptions extends SlackWorkspaceRef {
  /** What Slack told us: the app was uninstalled, or its bot token revoked. */
  reason: 'app_uninstalled' | 'tokens_revoked';
}

/**
 * Forgets a workspace's tokens when Slack says the app is gone from it: the
 * row stays, marked uninstalled, with its account binding (a reinstall comes
 * back to the same portal), and the account keeps its data. Other
 * workspaces are untouched. Audited as slack.uninstalled.
 * @returns whether a live installation was found
 */
export async function removeSlackInstallation(core: Core, options: RemoveSlackInstallationOptions): Promise<boolean> {
  const key = installationKeyOf(options);
  // An app_uninstalled from a team of an org-wide install names the team; the install is the organisation's.
  const keys = [key, options.isEnterpriseInstall ? undefined : options.teamId].filter((k): k is string => Boolean(k));
  if (keys.length === 0) return false;
  const now = core.now();
  return core.db.$transaction(async (tx) => {
    const row = await tx.slackInstallation.findFirst({
      where: { installationKey: { in: keys }, uninstalledAt: null },
      select: { id: true, accountId: true, installationKey: true },
    });
    if (!row) return false;
    await tx.slackInstallation.update({
      where: { id: row.id },
      data: { botTokenSealed: null, refreshTokenSealed: null, tokenExpiresAt: null, uninstalledAt: now },
    });
    await recordAuditEvent(core, tx, {
      accountId: row.accountId,
      actor: systemActor,
      action: 'slack.uninstalled',
      subject: `slack-installation:${row.installationKey}`,
      metadata: { reason: options.reason, teamId: options.teamId ?? null, enterpriseId: options.enterpriseId ?? null },
      at: now,
    });
    return true;
  });
}
