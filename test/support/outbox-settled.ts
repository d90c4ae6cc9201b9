import type { RunningApp } from '../../src/app.ts';

/**
 * Waits until the app's outbox has nothing being sent and nothing due: its
 * own worker runs in the background, so a test that changes a queued
 * message must first let a send already under way finish (or that send's
 * outcome would land on top of the test's change).
 */
export async function outboxSettled(app: RunningApp): Promise<void> {
  const db = app.context.core.db;
  for (let i = 0; i < 500; i++) {
    await app.outbox.drain();
    const busy = await db.message.count({
      where: { OR: [{ status: 'sending' }, { status: 'pending', nextAttemptAt: { lte: new Date() } }] },
    });
    if (busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the outbox never settled');
}
