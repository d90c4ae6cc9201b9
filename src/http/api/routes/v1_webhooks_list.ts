import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { webhookSchema } from './v1_webhooks_create.ts';
import { listWebhookSubscriptions } from '../../../core/events/list-webhook-subscriptions.ts';

export const webhooksList = defineRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhooks',
  tag: 'webhooks',
  summary: 'Current webhook subscriptions (secrets are never shown again)',
  responses: { 200: { description: 'Subscriptions', schema: z.object({ data: z.array(webhookSchema) }) } },
  errors: [401, 429],
  async handler({ context, caller }) {
    const subscriptions = await listWebhookSubscriptions(context.core, { accountId: caller.accountId });
    return {
      status: 200,
      body: {
        data: subscriptions.map((s) => ({
          id: s.id,
          url: s.url,
          events: s.events,
          createdAt: s.createdAt.toISOString(),
        })),
      },
    };
  },
});
