import type { IRouter } from 'express';
import type { AppContext } from '../../app-context.ts';
import { registerResendWebhook } from './resend-webhook.ts';
import { registerTwilioWebhook } from './twilio-webhook.ts';

/**
 * Provider callbacks: POST /webhooks/resend and POST /webhooks/twilio. Register
 * them before any body parser: their signatures cover the raw body.
 */
export function registerWebhooks(router: IRouter, context: AppContext): void {
  registerResendWebhook(router, context);
  registerTwilioWebhook(router, context);
}
