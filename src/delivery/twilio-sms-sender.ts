/**
 * SmsSender on Twilio, through the official SDK: from TWILIO_FROM (or the
 * account's own number) or a Messaging Service, to E.164 numbers. Status
 * callbacks come back to POST /webhooks/twilio.
 */
import twilio from 'twilio';
import type { SmsSender } from './sms-sender.ts';
import { parseRetryAfter, permanent, retryable, type SendFailure } from './send-failure.ts';
import { TwilioHttpClient, twilioResponseHeaders } from './twilio-http-client.ts';

export interface TwilioSmsSenderOptions {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  /** Another API host (tests). */
  apiUrl?: string;
  /** Where Twilio reports delivery: `${PUBLIC_URL}/webhooks/twilio`. */
  statusCallbackUrl?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

/** Twilio error codes that mean this message can never be sent as it is. */
const permanentCodes = new Map<number, string>([
  [21211, 'invalid phone number'],
  [21614, 'not a mobile number'],
  [21408, 'sending to this region is not enabled'],
  [21612, 'this number cannot be reached from our sender'],
  [21610, 'the recipient unsubscribed (replied STOP)'],
]);

export function createTwilioSmsSender(options: TwilioSmsSenderOptions): SmsSender {
  const client = twilio(options.accountSid, options.authToken, {
    httpClient: new TwilioHttpClient(options.apiUrl, { timeoutMs: options.timeoutMs ?? 30_000 }),
  });
  return {
    name: 'twilio',
    async send(sms) {
      const headers: { retryAfter?: string } = {};
      try {
        const sender =
          options.messagingServiceSid && !sms.from
            ? { messagingServiceSid: options.messagingServiceSid }
            : { from: sms.from ?? options.from };
        const message = await twilioResponseHeaders.run(headers, () =>
          client.messages.create({
            to: sms.to,
            body: sms.body,
            ...sender,
            ...(options.statusCallbackUrl ? { statusCallback: options.statusCallbackUrl } : {}),
          }),
        );
        return { ok: true, providerId: message.sid };
      } catch (error) {
        return { ok: false, failure: classify(error as TwilioError, headers.retryAfter) };
      }
    },
    async findSent(sms) {
      const headers: { retryAfter?: string } = {};
      try {
        // Filtered by recipient (and sender, when we chose it); the body and creation time pick ours.
        const from = options.messagingServiceSid && !sms.from ? undefined : (sms.from ?? options.from);
        const earlier = await twilioResponseHeaders.run(headers, () =>
          client.messages.list({ to: sms.to, ...(from ? { from } : {}), limit: 50 }),
        );
        // A minute of slack for clocks that disagree between us and Twilio.
        const since = sms.since.getTime() - 60_000;
        const match = earlier.find(
          (m) => m.body === sms.body && (m.dateCreated ? m.dateCreated.getTime() >= since : true),
        );
        return { ok: true, providerId: match?.sid ?? null };
      } catch (error) {
        const failure = classify(error as TwilioError, headers.retryAfter);
        // A look-up that fails says nothing about the message: try again later, never send blind.
        return {
          ok: false,
          failure: {
            ...failure,
            kind: 'retryable',
            reason: `could not look the earlier attempt up: ${failure.reason}`,
          },
        };
      }
    },
  };
}

interface TwilioError {
  status?: number;
  code?: number | string;
  message?: string;
}

function classify(error: TwilioError, retryAfter: string | undefined): SendFailure {
  const status = typeof error.status === 'number' ? error.status : undefined;
  const code = typeof error.code === 'number' ? error.code : undefined;
  const known = code !== undefined ? permanentCodes.get(code) : undefined;
  const reason = `twilio ${status ?? 'network'}${code !== undefined ? ` ${code}` : ''}: ${known ?? error.message ?? 'request failed'}`;
  const extra = {
    status,
    code: code !== undefined ? String(code) : typeof error.code === 'string' ? error.code : undefined,
  };
  if (known) return permanent(reason, { ...extra, optedOut: code === 21610 });
  // No status: a timeout or a network error before any answer.
  if (status === undefined) return retryable(reason, extra);
  if (status === 429) return retryable(reason, { ...extra, retryAfterMs: parseRetryAfter(retryAfter) });
  if (status >= 500 || status === 408 || status === 401 || status === 403) return retryable(reason, extra);
  return permanent(reason, extra);
}
