/**
 * EmailSender on Resend, through the official SDK. RESEND_BASE_URL points the
 * SDK at another host (tests use test/fakes/resend.ts). The SDK returns
 * `{ data, error, headers }` instead of throwing; this adapter turns that into
 * a SendResult with the failure classified.
 */
import { Resend } from 'resend';
import type { EmailSender, OutgoingEmail } from './email-sender.ts';
import { parseRetryAfter, permanent, retryable, type SendFailure } from './send-failure.ts';
import { createRequestPacer } from './request-pacer.ts';

export interface ResendEmailSenderOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per request. @default 30000 */
  timeoutMs?: number;
}

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

const RESEND_DEFAULT_REQUESTS_PER_SECOND = 2;

export function createResendEmailSender(options: ResendEmailSenderOptions): EmailSender {
  const resend = new Resend(
    options.apiKey,
    options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : undefined,
  );
  // Resend's default limit is 2 requests per second per team; start there and
  // follow the ratelimit-limit header once the first answer says otherwise.
  const pacer = createRequestPacer({ perSecond: RESEND_DEFAULT_REQUESTS_PER_SECOND });
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(
    request: (
      signal: AbortSignal,
    ) => Promise<{ data: T | null; error: ResendError | null; headers: Record<string, string> | null }>,
  ) {
    const answered = await pacer.wait();
    const response = await Promise.resolve()
      .then(() => request(AbortSignal.timeout(timeoutMs)))
      .catch((error: unknown) => ({
        data: null,
        error: { name: 'application_error', message: String(error), statusCode: null },
        headers: null,
      }))
      .finally(answered);
    const limit = Number(response.headers?.['ratelimit-limit']);
    if (limit > 0) pacer.learnLimit(limit);
    if (response.error || !response.data) {
      const failure = classify(response.error ?? { message: 'empty answer' }, response.headers ?? {});
      return { ok: false as const, failure };
    }
    return { ok: true as const, data: response.data };
  }

  const toPayload = (email: OutgoingEmail) => ({
    from: email.from,
    to: [email.to],
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
  });

  return {
    name: 'resend',
    maxBatchSize: 100,
    // https://resend.com/docs/dashboard/emails/idempotency-keys: keys expire after 24 hours.
    idempotencyWindowMs: 24 * 60 * 60_000,
    async send(email) {
      const result = await call((signal) =>
        resend.emails.send(toPayload(email), { idempotencyKey: email.idempotencyKey, signal }),
      );
      return result.ok ? { ok: true, providerId: result.data.id } : result;
    },
    async sendBatch(emails, idempotencyKey) {
      const result = await call((signal) => resend.batch.send(emails.map(toPayload), { idempotencyKey, signal }));
      if (!result.ok) return result;
      const ids = result.data.data.map((entry) => entry.id);
      if (ids.length !== emails.length)
        return { ok: false, failure: retryable(`batch answer had ${ids.length} ids for ${emails.length} emails`) };
      return { ok: true, providerIds: ids };
    },
  };
}

function classify(error: ResendError, headers: Record<string, string>): SendFailure {
  const status = error.statusCode ?? undefined;
  const code = error.name;
  const reason = `resend ${status ?? 'network'} ${code ?? ''}: ${error.message ?? ''}`.replace(/\s+/g, ' ').trim();
  if (status === undefined) return retryable(reason, { code });
  if (status === 429) return retryable(reason, { status, code, retryAfterMs: parseRetryAfter(headers['retry-after']) });
  if (status >= 500 || status === 408) return retryable(reason, { status, code });
  // Two requests with one key at once: the first is still running.
  if (status === 409 && code === 'concurrent_idempotent_requests') return retryable(reason, { status, code });
  // Bad or revoked key, unverified domain: not the message's fault; it can go once the account is fixed.
  if (status === 401 || status === 403) return retryable(reason, { status, code });
  return permanent(reason, { status, code });
}
