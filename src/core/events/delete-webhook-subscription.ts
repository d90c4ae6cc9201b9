import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { Actor } from '../audit/actor.ts';

/**
 * Ends a subscription: no new events are queued for it, and its queued ones
 * are dropped by the sender (webhook-sender: subscription gone).
 * @throws AppError not_found
 */
export async function deleteWebhookSubscription(
  core: Core,
  options: { accountId: string; subscriptionId: string; actor: Actor },
): Promise<void> {
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    const { count } = await tx.webhookSubscription.updateMany({
      where: { id: options.subscriptionId, accountId: options.accountId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 0) throw new AppError('not_found', `no webhook subscription ${options.subscriptionId}`);
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'webhook.unsubscribed',
      subject: `webhook:${options.subscriptionId}`,
      at: now,
    });
  });
}
