import type { Core } from '../core.ts';

/** Messages in some worker's hands, and messages due now: both zero means the outbox is idle. */
export async function countUnfinishedMessages(core: Core): Promise<{ sending: number; due: number }> {
  const [sending, due] = await Promise.all([
    core.db.message.count({ where: { status: 'sending' } }),
    core.db.message.count({ where: { status: 'pending', nextAttemptAt: { lte: core.now() } } }),
  ]);
  return { sending, due };
}
