import type { Core } from '../core.ts';
import { toWebhookSubscription, type WebhookSubscription } from './webhook-subscription-view.ts';

export async function listWebhookSubscriptions(
  core: Core,
  options: { accountId: string },
): Promise<WebhookSubscription[]> {
  const rows = await core.db.webhookSubscription.findMany({
    where: { accountId: options.accountId, revokedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toWebhookSubscription);
}
