/**
 * How a provider call went wrong, as the adapters classify it. The adapters
 * only say what happened; the outbox worker decides what to do (retry later,
 * give up, mark the contact as opted out).
 */
export interface SendFailure {
  /** retryable: 429, 5xx, timeouts, network; permanent: the message itself cannot be sent. */
  kind: 'retryable' | 'permanent';
  /** One line for Message.lastError and the logs; never a token or a key. */
  reason: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Provider error code (Twilio 21211, 21610; Resend validation_error…). */
  code?: string;
  /** The provider said when to come back (Retry-After). */
  retryAfterMs?: number;
  /** The recipient unsubscribed from texts (Twilio 21610). */
  optedOut?: boolean;
}

export function retryable(reason: string, extra: Partial<SendFailure> = {}): SendFailure {
  return { kind: 'retryable', reason, ...extra };
}

export function permanent(reason: string, extra: Partial<SendFailure> = {}): SendFailure {
  return { kind: 'permanent', reason, ...extra };
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

export type SendResult = { ok: true; providerId: string } | { ok: false; failure: SendFailure };
