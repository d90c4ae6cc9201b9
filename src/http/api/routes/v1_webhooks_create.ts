import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { createWebhookSubscription } from '../../../core/events/create-webhook-subscription.ts';
import { outgoingEventTypes } from '../../../core/events/event-types.ts';

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(outgoingEventTypes)),
  createdAt: z.iso.datetime(),
});

export const webhooksCreate = defineRoute({
  method: 'post',
  path: '/webhooks',
  operationId: 'createWebhook',
  tag: 'webhooks',
  summary: 'Subscribe a URL to events',
  description:
    'Events are POSTed as JSON with `Portal-Desk-Event-Id` (the same on every retry: drop duplicates by it) and `Portal-Desk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Failed deliveries (429, 5xx, timeouts) are retried with backoff.',
  body: z
    .object({
      url: z
        .string()
        .max(2000)
        .describe('https, to a host on the public internet: private network addresses and names are refused'),
      events: z.array(z.enum(outgoingEventTypes)).min(1).optional().describe('Default: every event'),
      secret: z.string().min(16).max(200).optional().describe('Default: one is generated'),
    })
    .strict(),
  responses: {
    201: {
      description: 'Subscribed. The secret is shown once',
      schema: z.object({ webhook: webhookSchema, secret: z.string() }),
    },
  },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, body }) {
    const { subscription, secret } = await createWebhookSubscription(context.core, {
      accountId: caller.accountId,
      ...body,
      actor: caller.actor,
      allowPrivateNetworks: context.config.webhookAllowPrivateNetworks,
    });
    return {
      status: 201,
      body: {
        webhook: {
          id: subscription.id,
          url: subscription.url,
          events: subscription.events,
          createdAt: subscription.createdAt.toISOString(),
        },
        secret,
      },
      headers: { 'Cache-Control': 'no-store' },
    };
  },
});
