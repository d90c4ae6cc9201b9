import type { Core } from '../core.ts';
import { openSecret } from './webhook-secret-box.ts';

/** Where and with what secret to deliver an event; null when the subscription is gone. */
export async function openWebhookTarget(
  core: Core,
  options: { subscriptionId: string },
): Promise<{ url: string; secret: string } | null> {
  const row = await core.db.webhookSubscription.findUnique({ where: { id: options.subscriptionId } });
  if (!row || row.revokedAt) return null;
  return { url: row.url, secret: openSecret(core.linkKeys, row.secret) };
}
