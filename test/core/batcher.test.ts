import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/core/shared/batcher.ts';

/** A batch run the test finishes by hand, recording the batches it was given. */
function manualRun() {
  const batches: number[][] = [];
  const finishers: Array<() => void> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const run = (items: number[]) => {
    batches.push(items);
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    return new Promise<Array<number | Error>>((resolve) =>
      finishers.push(() => {
        inFlight -= 1;
        resolve(items.map((item) => (item < 0 ? new Error(`bad ${item}`) : item * 10)));
      }),
    );
  };
  const finishNext = async () => {
    await until(() => finishers.length > 0);
    finishers.shift()!();
  };
  return { run, batches, finishNext, mostInFlight: () => mostInFlight };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}

describe('createBatcher', () => {
  it('runs a lone call at once, as a batch of one', async () => {
    const m = manualRun();
    const batcher = createBatcher(m.run);
    const answer = batcher.submit(1);
    await m.finishNext();
    expect(await answer).toBe(10);
    expect(m.batches).toEqual([[1]]);
  });

  it('puts the calls that arrive while a batch runs into the next batch, up to maxBatch', async () => {
    const m = manualRun();
    const batcher = createBatcher(m.run, { maxBatch: 3 });
    const answers = [batcher.submit(1)];
    await until(() => m.batches.length === 1);
    answers.push(...[2, 3, 4, 5].map((n) => batcher.submit(n)));
    await m.finishNext();
    await m.finishNext();
    await m.finishNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
    expect(m.batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(m.mostInFlight()).toBe(1);
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    const m = manualRun();
    const batcher = createBatcher(m.run, { maxBatch: 1, concurrency: 2 });
    const answers = [1, 2, 3, 4].map((n) => batcher.submit(n));
    for (let i = 0; i < 4; i++) await m.finishNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    expect(m.mostInFlight()).toBe(2);
  });

  it('rejects only the item whose answer is an Error', async () => {
    const m = manualRun();
    const batcher = createBatcher(m.run);
    const answers = Promise.allSettled([batcher.submit(1), batcher.submit(-2), batcher.submit(3)]);
    await m.finishNext();
    const settled = await answers;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad -2');
  });

  it('when a whole batch throws, retries its items one by one so only the culprit fails', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>(async (items) => {
      batches.push(items);
      if (items.includes(13)) throw new Error('13 breaks the batch');
      return items.map((item) => item * 10);
    });
    const settled = await Promise.allSettled([12, 13, 14].map((n) => batcher.submit(n)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason.message))).toEqual([
      120,
      '13 breaks the batch',
      140,
    ]);
    expect(batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('rejects every item if the run gives too few answers, and says so', async () => {
    const batcher = createBatcher<number, number>(async () => []);
    await expect(batcher.submit(1)).rejects.toThrow('fewer answers');
  });

  it('is idle once everything queued has been answered', async () => {
    const m = manualRun();
    const batcher = createBatcher(m.run);
    await batcher.idle();
    let answered = 0;
    void batcher.submit(1).then(() => answered++);
    void batcher.submit(2).then(() => answered++);
    const idle = batcher.idle();
    await m.finishNext();
    await idle;
    expect(answered).toBe(2);
  });

  it('refuses nonsense options', () => {
    expect(() => createBatcher(async () => [], { maxBatch: 0 })).toThrow('at least 1');
  });
});
