import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { countPortalUsers, type PortalStats } from './count-portal-users.ts';

/**
 * Claims an account's digest for one day: one row per account and day
 * (DailyDigest's primary key), so of any number of instances exactly one
 * gets it, whoever asks first, and no check-then-insert race is left.
 * @returns the stats to post, or null when the day's digest is already claimed.
 */
export async function claimDailyDigest(
  core: Core,
  options: { accountId: string; day: string; channel: string },
): Promise<PortalStats | null> {
  const now = core.now();
  try {
    await core.db.$transaction(async (tx) => {
      await tx.dailyDigest.create({
        data: { accountId: options.accountId, day: options.day, claimedBy: core.instanceId, claimedAt: now },
      });
      await recordAuditEvent(core, tx, {
        accountId: options.accountId,
        actor: 'system',
        action: 'slack.digest_posted',
        subject: `digest:${options.day}`,
        metadata: { channel: options.channel },
        at: now,
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return null;
    throw error;
  }
  return countPortalUsers(core, { accountId: options.accountId });
}

/** The digest went out (kept for the record; a failed post is not retried the same day). */
export async function markDailyDigestPosted(core: Core, options: { accountId: string; day: string }): Promise<void> {
  await core.db.dailyDigest.updateMany({
    where: { accountId: options.accountId, day: options.day },
    data: { postedAt: core.now() },
  });
}
