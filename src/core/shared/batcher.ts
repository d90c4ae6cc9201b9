/**
 * Natural batching: calls that arrive while a batch is being written wait,
 * and go together in the next one. Nothing waits on a timer: a lone call
 * starts at the next turn of the event loop, and under load each batch holds
 * what arrived during the previous one. Writers whose cost is per statement
 * rather than per row (SQLite through Prisma) gain the most.
 */
export interface BatcherOptions {
  /** Largest batch handed to `run`. @default 100 */
  maxBatch?: number;
  /** Batches in flight at once: 1 for SQLite (one writer anyway), more for PostgreSQL. @default 1 */
  concurrency?: number;
}

/** Does a batch; one answer per item, in order: a value, or the Error for that item alone. */
export type BatchRun<I, O> = (items: I[]) => Promise<Array<O | Error>>;

export interface Batcher<I, O> {
  /** Resolves with this item's answer; rejects with its Error. */
  submit(item: I): Promise<O>;
  /** Resolves when nothing is queued or running: for shutdown and tests. */
  idle(): Promise<void>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * @example
 * const redeemer = createBatcher((requests) => redeemLinks(core, { requests }));
 * const redeemed = await redeemer.submit({ token });
 */
export function createBatcher<I, O>(run: BatchRun<I, O>, options: BatcherOptions = {}): Batcher<I, O> {
  const maxBatch = options.maxBatch ?? 100;
  const concurrency = options.concurrency ?? 1;
  if (!(maxBatch >= 1 && concurrency >= 1))
    throw new Error('createBatcher: maxBatch and concurrency must be at least 1');
  const queue: Array<Waiting<I, O>> = [];
  const idleWaiters: Array<() => void> = [];
  let running = 0;
  let scheduled = false;

  async function execute(batch: Array<Waiting<I, O>>): Promise<void> {
    let answers: Array<O | Error>;
    try {
      answers = await run(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // The whole batch failed (a deadlock, a bad row): one by one, so that
      // one item's trouble is not everyone's.
      for (const waiting of batch) await execute([waiting]);
      return;
    }
    batch.forEach((waiting, index) => {
      const answer = answers[index];
      if (index >= answers.length) waiting.reject(new Error('batch run gave fewer answers than items'));
      else if (answer instanceof Error) waiting.reject(answer);
      else waiting.resolve(answer as O);
    });
  }

  function pump(): void {
    scheduled = false;
    while (running < concurrency && queue.length > 0) {
      running += 1;
      void execute(queue.splice(0, maxBatch)).finally(() => {
        running -= 1;
        if (queue.length > 0) pump();
        else if (running === 0) idleWaiters.splice(0).forEach((wake) => wake());
      });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Wait one turn so that requests parsed in the same turn share a batch.
        if (!scheduled && running < concurrency) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    },
    idle() {
      if (queue.length === 0 && running === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
