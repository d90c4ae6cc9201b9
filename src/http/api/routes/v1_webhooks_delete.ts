import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { deleteWebhookSubscription } from '../../../core/events/delete-webhook-subscription.ts';

export const webhooksDelete = defineRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'deleteWebhook',
  tag: 'webhooks',
  summary: 'Unsubscribe: no more events, queued ones are dropped',
  params: z.object({ id: z.string().min(1).max(64) }),
  responses: { 200: { description: 'Unsubscribed', schema: z.object({ deleted: z.literal(true) }) } },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    await deleteWebhookSubscription(context.core, {
      accountId: caller.accountId,
      subscriptionId: params.id,
      actor: caller.actor,
    });
    return { status: 200, body: { deleted: true } };
  },
});
