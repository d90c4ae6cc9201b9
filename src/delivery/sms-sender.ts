import type { SendFailure, SendResult } from './send-failure.ts';

export interface OutgoingSms {
  messageId: string;
  /** E.164. */
  to: string;
  body: string;
  /** A sending number for this account (Account.smsFrom); the provider default otherwise. */
  from?: string;
}

/** What the outbox needs from an SMS provider (Twilio, or the local outbox). */
export interface SmsSender {
  name: string;
  send(sms: OutgoingSms): Promise<SendResult>;
  /**
   * Looks for this very SMS among those the provider already took (Twilio has
   * no idempotency key): same recipient, sender and body, created since
   * `since`. The outbox asks before re-sending an SMS whose earlier attempt
   * may have reached the provider. providerId null: not there.
   */
  findSent?(
    sms: OutgoingSms & { since: Date },
  ): Promise<{ ok: true; providerId: string | null } | { ok: false; failure: SendFailure }>;
}
