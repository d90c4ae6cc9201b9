/**
 * Delivers outgoing events (Message.channel `webhook`) to subscribers: a JSON
 * POST signed like Stripe's, `Portal-Desk-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`, with the event id in
 * `Portal-Desk-Event-Id` for deduplication (the same on every retry).
 * Failures are classified like the other adapters': 429, 5xx, timeouts and
 * network errors are retryable; other 4xx are permanent. Redirects are not
 * followed. A subscriber on a private network is a permanent failure: the
 * address actually connected to is checked, after DNS resolution.
 */
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, isPrivateAddress } from '../core/events/webhook-address-policy.ts';
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

/** The subscriber's host is, or resolved to, an address on a private network. */
class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(
      `the subscriber's address ${host === address ? host : `${host} (${address})`} is on a private network: webhooks are only sent to addresses on the public internet`,
    );
    this.name = 'PrivateAddressError';
  }
}

/**
 * Resolves names as Node would, but fails when any address of the name is
 * private. The connection uses the addresses checked here, so a name cannot
 * switch to a private address between the check and the connection (DNS
 * rebinding). Node never calls it for an IP address: those are checked before.
 */
const lookupPublicOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), '');
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    // With autoSelectFamily (Node's default) the socket asks for every address and tries them in turn.
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
};

/** POSTs and answers with the status and Retry-After; the response body is discarded unread. */
function post(
  url: URL,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal; lookup?: LookupFunction },
): Promise<{ status: number; retryAfter?: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const req = request(
      url,
      { method: 'POST', headers, signal: init.signal, ...(init.lookup ? { lookup: init.lookup } : {}) },
      (response) => {
        // A body still arriving when the timeout fires errors here; the status is already known.
        response.on('error', () => undefined);
        response.resume();
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

export function createWebhookSender(
  options: {
    timeoutMs?: number;
    now?: () => Date;
    /**
     * Deliver to localhost and private networks too: development and tests only
     * (WEBHOOK_ALLOW_PRIVATE_NETWORKS).
     * @default false
     */
    allowPrivateNetworks?: boolean;
  } = {},
) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const allowPrivateNetworks = options.allowPrivateNetworks ?? false;
  return {
    name: 'webhook',
    async send(hook: OutgoingWebhook): Promise<WebhookResult> {
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      let url: URL;
      try {
        url = new URL(hook.url);
      } catch {
        return { ok: false, failure: permanent('the webhook URL is not a URL') };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return { ok: false, failure: permanent(`webhook URLs must use https, not ${url.protocol}`) };
      const host = hostOf(url);
      if (!allowPrivateNetworks && isIP(host) && isPrivateAddress(host))
        return { ok: false, failure: permanent(new PrivateAddressError(host, host).message) };
      const signal = AbortSignal.timeout(timeoutMs);
      let answer: { status: number; retryAfter?: string };
      try {
        answer = await post(url, {
          signal,
          lookup: allowPrivateNetworks ? undefined : lookupPublicOnly,
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
        if (error instanceof PrivateAddressError) return { ok: false, failure: permanent(error.message) };
        return {
          ok: false,
          failure: retryable(`webhook request failed: ${signal.aborted ? 'timed out' : (error as Error).message}`),
        };
      }
      const { status } = answer;
      if (status >= 200 && status < 300) return { ok: true, providerId: `${hook.eventId}:${status}` };
      if (status === 429 || status >= 500 || status === 408) {
        return {
          ok: false,
          failure: retryable(`subscriber answered ${status}`, {
            status,
            retryAfterMs: parseRetryAfter(answer.retryAfter),
          }),
        };
      }
      return { ok: false, failure: permanent(`subscriber answered ${status}`, { status }) };
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
