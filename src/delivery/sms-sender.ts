import type { SendResult } from './send-failure.ts';

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
}
