import type { Core } from '../core.ts';
import { sealedKeyId } from '../shared/secret-box.ts';
import { openSecret, sealSecret } from '../events/webhook-secret-box.ts';

/**
 * Re-seals Slack bot and refresh tokens under the current link key at start,
 * like webhook secrets (reseal-webhook-secrets.ts), so the previous
 * SESSION_SECRET can be retired after a rotation. An installation no
 * configured key opens is counted and left: it needs a reinstall.
 * @returns how many installations were re-sealed and how many could not be opened
 */
export async function resealSlackTokens(core: Core): Promise<{ resealed: number; unreadable: number }> {
  const rows = await core.db.slackInstallation.findMany({
    where: { uninstalledAt: null },
    select: { id: true, botTokenSealed: true, refreshTokenSealed: true },
  });
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    const sealed = [row.botTokenSealed, row.refreshTokenSealed].filter((v): v is string => Boolean(v));
    if (sealed.every((value) => sealedKeyId(value) === core.linkKeyId)) continue;
    let opened: Array<string | null>;
    try {
      opened = [row.botTokenSealed, row.refreshTokenSealed].map((v) => (v ? openSecret(core.linkKeys, v) : null));
    } catch {
      unreadable += 1;
      continue;
    }
    // Conditional on the old values: a rotation or another instance's re-seal meanwhile wins.
    const done = await core.db.slackInstallation.updateMany({
      where: { id: row.id, botTokenSealed: row.botTokenSealed, refreshTokenSealed: row.refreshTokenSealed },
      data: {
        botTokenSealed: opened[0] ? sealSecret(core.linkKeys, opened[0]) : null,
        refreshTokenSealed: opened[1] ? sealSecret(core.linkKeys, opened[1]) : null,
      },
    });
    resealed += done.count;
  }
  return { resealed, unreadable };
}
