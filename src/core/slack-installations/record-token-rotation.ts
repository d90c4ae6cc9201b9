import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { systemActor } from '../audit/actor.ts';
import { sealSecret } from '../events/webhook-secret-box.ts';

export interface RecordTokenRotationOptions {
  installationKey: string;
  botToken: string;
  refreshToken: string;
  tokenExpiresAt: Date;
}

/**
 * Keeps the bot token Slack handed out in exchange for the refresh token
 * (token rotation), sealed like the first. Audited without the tokens.
 * @returns false when the workspace uninstalled meanwhile (nothing is kept)
 */
export async function recordTokenRotation(core: Core, options: RecordTokenRotationOptions): Promise<boolean> {
  const now = core.now();
  return core.db.$transaction(async (tx) => {
    const row = await tx.slackInstallation.findFirst({
      where: { installationKey: options.installationKey, uninstalledAt: null },
      select: { id: true, accountId: true },
    });
    if (!row) return false;
    await tx.slackInstallation.update({
      where: { id: row.id },
      data: {
        botTokenSealed: sealSecret(core.linkKeys, options.botToken),
        refreshTokenSealed: sealSecret(core.linkKeys, options.refreshToken),
        tokenExpiresAt: options.tokenExpiresAt,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId: row.accountId,
      actor: systemActor,
      action: 'slack.token_rotated',
      subject: `slack-installation:${options.installationKey}`,
      metadata: { expiresAt: options.tokenExpiresAt.toISOString() },
      at: now,
    });
    return true;
  });
}
