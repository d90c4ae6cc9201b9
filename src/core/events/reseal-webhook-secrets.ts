import type { Core } from '../core.ts';
import { sealedKeyId } from '../shared/secret-box.ts';
import { openSecret, sealSecret } from './webhook-secret-box.ts';

/**
 * Re-seals webhook subscription secrets under the current link key, so the
 * previous key can be retired after a rotation: run at start (there are few
 * subscriptions). A secret no configured key opens is left as it is and
 * counted: its deliveries fail until the subscription is created again.
 * @returns how many were re-sealed and how many could not be opened
 */
export async function resealWebhookSecrets(core: Core): Promise<{ resealed: number; unreadable: number }> {
  const rows = await core.db.webhookSubscription.findMany({ select: { id: true, secret: true } });
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    if (sealedKeyId(row.secret) === core.linkKeyId) continue;
    let secret: string;
    try {
      secret = openSecret(core.linkKeys, row.secret);
    } catch {
      unreadable += 1;
      continue;
    }
    // Conditional on the old value: a concurrent re-seal by another instance wins once.
    const done = await core.db.webhookSubscription.updateMany({
      where: { id: row.id, secret: row.secret },
      data: { secret: sealSecret(core.linkKeys, secret) },
    });
    resealed += done.count;
  }
  return { resealed, unreadable };
}
