/**
 * POST /webhooks/twilio: Twilio's status callbacks. X-Twilio-Signature is
 * checked with the SDK against PUBLIC_URL + path (the URL Twilio was given),
 * before anything changes; a bad or missing signature gets 401.
 */
import express, { type IRouter } from 'express';
import twilio from 'twilio';
import type { AppContext } from '../../app-context.ts';
import { recordDeliveryEvent } from '../../core/outbox/record-delivery-event.ts';
import { sendWebhookError } from './webhook-error.ts';

export function registerTwilioWebhook(router: IRouter, context: AppContext): void {
  const authToken = context.config.sms.authToken;
  const log = context.logger.child({ route: 'POST /webhooks/twilio' });
  router.post('/webhooks/twilio', express.raw({ type: () => true, limit: '64kb' }), async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const params = Object.fromEntries(new URLSearchParams(raw));
      const signature = req.get('x-twilio-signature');
      const url = `${context.config.publicUrl}${req.originalUrl}`;
      if (!authToken || !signature || !twilio.validateRequest(authToken, signature, url, params)) {
        log.warn('refused a status callback with a bad or missing signature');
        sendWebhookError(res, 'unauthorized', 'bad or missing signature');
        return;
      }
      const sid = params.MessageSid ?? params.SmsSid;
      const status = params.MessageStatus ?? params.SmsStatus;
      if (!sid || !status) {
        sendWebhookError(res, 'bad_request', 'MessageSid and MessageStatus are required');
        return;
      }
      const errorCode = params.ErrorCode;
      await recordDeliveryEvent(context.core, {
        provider: 'twilio',
        // Twilio sends no event id; one status per message is one event.
        eventId: `${sid}:${status}`,
        providerMessageId: sid,
        status,
        at: context.core.now(),
        optedOut: errorCode === '21610',
        detail: errorCode ? `error ${errorCode}` : undefined,
      });
      // Twilio expects an empty answer (or TwiML); 204 is fine.
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });
}
