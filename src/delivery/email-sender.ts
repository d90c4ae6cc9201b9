import type { SendFailure, SendResult } from './send-failure.ts';

export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The account's reply-to address (settings), when it has one. */
  replyTo?: string;
  /** Message.idempotencyKey: the provider drops a second request with the same key. */
  idempotencyKey: string;
}

/** What the outbox needs from an email provider (Resend, or the local outbox). */
export interface EmailSender {
  /** For the banner and logs: "resend", "local outbox". */
  name: string;
  /** Emails per batch call; 1 means the provider has no batch endpoint. */
  maxBatchSize: number;
  /**
   * How long the provider remembers an idempotency key (Resend: 24 h). Past
   * it, a send that may have gone out is never repeated automatically.
   * Unset: forever (the local outbox).
   */
  idempotencyWindowMs?: number;
  send(email: OutgoingEmail): Promise<SendResult>;
  /**
   * Sends up to maxBatchSize emails in one call, all or nothing, under one
   * idempotency key. Provider ids come back in the order given.
   */
  sendBatch(
    emails: OutgoingEmail[],
    idempotencyKey: string,
  ): Promise<{ ok: true; providerIds: string[] } | { ok: false; failure: SendFailure }>;
}
