/**
 * POST /webhooks/resend: Resend's delivery reports, sent through Svix. The
 * signature covers the raw body, so the body is read raw and verified before
 * anything is parsed; a bad or missing signature gets 401 and changes nothing.
 */
import express, { type IRouter } from 'express';
import { Webhook } from 'svix';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { recordDeliveryEvent } from '../../core/outbox/record-delivery-event.ts';
import { sendWebhookError } from './webhook-error.ts';

const eventSchema = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string(),
      created_at: z.string().optional(),
      bounce: z.object({ message: z.string().optional() }).passthrough().optional(),
    })
    .passthrough(),
});

/** Event types that change a message's delivery status; others (opened, clicked…) are acknowledged and ignored. */
const tracked = new Set([
  'email.sent',
  'email.delivered',
  'email.delivery_delayed',
  'email.bounced',
  'email.complained',
  'email.failed',
  'email.suppressed',
]);

export function registerResendWebhook(router: IRouter, context: AppContext): void {
  const secret = context.config.email.webhookSecret;
  const verifier = secret ? new Webhook(secret) : undefined;
  const log = context.logger.child({ route: 'POST /webhooks/resend' });
  router.post('/webhooks/resend', express.raw({ type: () => true, limit: '256kb' }), async (req, res, next) => {
    try {
      if (!verifier) {
        sendWebhookError(res, 'unauthorized', 'RESEND_WEBHOOK_SECRET is not set: delivery reports cannot be verified');
        return;
      }
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const headers = {
        'svix-id': req.get('svix-id') ?? '',
        'svix-timestamp': req.get('svix-timestamp') ?? '',
        'svix-signature': req.get('svix-signature') ?? '',
      };
      let payload: unknown;
      try {
        payload = verifier.verify(raw, headers);
      } catch {
        log.warn('refused a delivery report with a bad or missing signature');
        sendWebhookError(res, 'unauthorized', 'bad or missing signature');
        return;
      }
      const event = eventSchema.safeParse(payload);
      if (!event.success) {
        sendWebhookError(res, 'bad_request', 'not a Resend email event');
        return;
      }
      if (!tracked.has(event.data.type)) {
        res.json({ ok: true, ignored: event.data.type });
        return;
      }
      const at = new Date(event.data.created_at ?? event.data.data.created_at ?? Date.now());
      const result = await recordDeliveryEvent(context.core, {
        provider: 'resend',
        eventId: headers['svix-id'],
        providerMessageId: event.data.data.email_id,
        status: event.data.type.slice('email.'.length),
        at: Number.isNaN(at.getTime()) ? context.core.now() : at,
        detail: event.data.data.bounce?.message,
      });
      res.json({ ok: true, result });
    } catch (error) {
      next(error);
    }
  });
}
