import type { Core } from '../core.ts';

/** The message that has been due the longest without being sent, or null when none is due. */
export async function findOldestDueMessage(core: Core): Promise<{ messageId: string; waitingSeconds: number } | null> {
  const now = core.now();
  const row = await core.db.message.findFirst({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    select: { id: true, nextAttemptAt: true },
  });
  return row ? { messageId: row.id, waitingSeconds: (now.getTime() - row.nextAttemptAt.getTime()) / 1000 } : null;
}
