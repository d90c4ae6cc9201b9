import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestPacer, type RequestPacer } from '../../src/delivery/request-pacer.ts';

describe('request pacer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  /** `count` concurrent calls, each answered `answerMs` after it starts; returns start and answer times. */
  async function run(
    pacer: RequestPacer,
    count: number,
    answerMs: number,
  ): Promise<Array<{ start: number; end: number }>> {
    const calls = Array.from({ length: count }, async () => {
      const answered = await pacer.wait();
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, answerMs));
      answered();
      return { start, end: Date.now() };
    });
    await vi.runAllTimersAsync();
    return Promise.all(calls);
  }

  it('spaces calls by the provider pace', async () => {
    const calls = await run(createRequestPacer({ perSecond: 2 }), 5, 10);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.start - calls[i - 1]!.start).toBeGreaterThanOrEqual(500);
  });

  it('never lets a call start within a second of the answer two calls back, whatever the provider stamps', async () => {
    // Slow answers: the provider may stamp a request as late as its answer.
    const calls = await run(createRequestPacer({ perSecond: 2 }), 6, 700);
    for (let i = 2; i < calls.length; i++) expect(calls[i]!.start - calls[i - 2]!.end).toBeGreaterThanOrEqual(1000);
  });

  it('lets calls through at once until it learns a limit, then follows it', async () => {
    const pacer = createRequestPacer();
    const free = await run(pacer, 3, 10);
    expect(new Set(free.map((c) => c.start)).size).toBe(1);
    pacer.learnLimit(10);
    const paced = await run(pacer, 3, 10);
    expect(paced[2]!.start - paced[0]!.start).toBeGreaterThanOrEqual(200);
  });
});
