/**
 * When to try a failed send again: the provider's Retry-After when it gave
 * one, otherwise exponential backoff (5 s, 10 s, 20 s… capped at 1 hour) with
 * jitter, so that a crowd of messages that failed together does not come
 * back together. One delay per send group: its members always come back
 * together, so the group is retried whole (outbox-worker.ts).
 */
const BASE_MS = 5_000;
const CAP_MS = 60 * 60_000;

export function retryDelayMs(
  attempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
  baseMs: number = BASE_MS,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(random() * Math.min(retryAfterMs * 0.1, 1_000));
  const ceiling = Math.min(CAP_MS, baseMs * 2 ** Math.max(attempts - 1, 0));
  // "Equal jitter": between half and all of the ceiling.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
