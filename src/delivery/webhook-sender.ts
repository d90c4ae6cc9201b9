/**
 * Delivers outgoing events (Message.channel `webhook`) to subscribers: a JSON
 * POST signed like Stripe's, `Portal-Desk-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`, with the event id in
 * `Portal-Desk-Event-Id` for deduplication (the same on every retry).
 * Failures are classified like the other adapters': 429, 5xx, timeouts and
 * network errors are retryable; other 4xx are permanent.
 */
import { createHmac } from 'node:crypto';
import { parseRetryAfter, permanent, retryable, type SendFailure } from './send-failure.ts';

export interface OutgoingWebhook {
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  /** The JSON body, signed as sent. */
  body: string;
}

export type WebhookResult = { ok: true; providerId: string } | { ok: false; failure: SendFailure };

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhookSender(options: { timeoutMs?: number; now?: () => Date } = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: 'webhook',
    async send(hook: OutgoingWebhook): Promise<WebhookResult> {
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(hook.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'PortalDesk-Webhooks/1',
            'portal-desk-event-id': hook.eventId,
            'portal-desk-event': hook.eventType,
            'portal-desk-signature': signWebhook(hook.secret, timestamp, hook.body),
          },
          body: hook.body,
        });
      } catch (error) {
        return { ok: false, failure: retryable(`webhook request failed: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`) };
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true, providerId: `${hook.eventId}:${response.status}` };
      const status = response.status;
      if (status === 429 || status >= 500 || status === 408) {
        return { ok: false, failure: retryable(`subscriber answered ${status}`, { status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }) };
      }
      return { ok: false, failure: permanent(`subscriber answered ${status}`, { status }) };
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
