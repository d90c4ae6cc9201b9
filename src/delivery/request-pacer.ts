/**
 * Keeps a sender under its provider's rate limit instead of bumping into it:
 * every 429 is a wasted request and a Retry-After pause.
 *
 * A provider allowing L requests per second refuses a request that arrives
 * within one second of the L-th request before it. It stamps a request
 * somewhere between our start of it and our receipt of its answer, so the safe
 * rule is: start call N no earlier than one second after the answer to call
 * N-L arrived, and no earlier than one interval (1/L s) after call N-1
 * started. Callers take turns, each turn measured from what really happened,
 * never from a plan, so a busy event loop cannot squeeze calls together.
 * The pace is the sender's default until the provider's `ratelimit-limit`
 * header says otherwise.
 */
export interface RequestPacer {
  /** Resolves when the next call may go out, with the function to call when its answer arrives. */
  wait(): Promise<() => void>;
  /** The provider said it allows `perSecond` requests per second. */
  learnLimit(perSecond: number): void;
}

/** Slack on the interval between starts, for jitter. */
const MARGIN = 1.02;

interface Call {
  /** Resolves with the time its answer arrived. */
  answered: Promise<number>;
}

export function createRequestPacer(options: { perSecond?: number } = {}): RequestPacer {
  let perSecond = options.perSecond;
  let lastStart = 0;
  const calls: Call[] = [];
  let turns: Promise<unknown> = Promise.resolve();
  const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

  return {
    wait() {
      const turn = turns.then(async () => {
        if (perSecond) {
          const window = Math.max(1, Math.floor(perSecond));
          const blocking = calls.length >= window ? calls[calls.length - window] : undefined;
          if (blocking) await sleep((await blocking.answered) + 1000 - Date.now());
          await sleep(lastStart + (1000 / perSecond) * MARGIN - Date.now());
        }
        lastStart = Date.now();
        let answer!: (at: number) => void;
        calls.push({ answered: new Promise<number>((resolve) => (answer = resolve)) });
        if (calls.length > 100) calls.splice(0, calls.length - 100);
        return () => answer(Date.now());
      });
      turns = turn;
      return turn;
    },
    learnLimit(limit) {
      if (Number.isFinite(limit) && limit > 0) perSecond = limit;
    },
  };
}
