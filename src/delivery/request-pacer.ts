/**
 * Spaces provider calls so that a worker stays under the provider's rate
 * limit instead of bumping into it: every 429 is a wasted request. The pace
 * is learnt from the `ratelimit-limit` header the provider sends (requests per
 * second); until then calls go out as they come. (A 429's Retry-After is
 * the worker's business: it stops claiming for that provider until then.)
 */
export interface RequestPacer {
  /** Resolves when the next call may go out, and books that slot. */
  wait(): Promise<void>;
  /** The provider said it allows `perSecond` requests per second. */
  learnLimit(perSecond: number): void;
}

/** Slack kept between calls, so that network jitter does not push two calls into one window. */
const MARGIN = 1.04;

export function createRequestPacer(options: { perSecond?: number } = {}): RequestPacer {
  let intervalMs = options.perSecond ? (1000 / options.perSecond) * MARGIN : 0;
  let nextSlot = 0;
  let lastSlot = 0;
  return {
    async wait() {
      const now = Date.now();
      const slot = Math.max(now, nextSlot);
      lastSlot = slot;
      nextSlot = slot + intervalMs;
      if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    },
    learnLimit(perSecond) {
      if (!Number.isFinite(perSecond) || perSecond <= 0) return;
      intervalMs = (1000 / perSecond) * MARGIN;
      // Calls booked before the limit was known went out back to back: space the next one from the last.
      nextSlot = Math.max(nextSlot, lastSlot + intervalMs);
    },
  };
}
