import type { Core } from '../core.ts';

/**
 * Gives back messages whose worker stopped answering (killed, crashed, cut off)
 * while they were `sending`: they become due again at once, in the same send
 * group, and go out under the same idempotency key. Their attempt was counted
 * when they were claimed, so a message that kills every worker ends up dead.
 * Returns how many came back.
 */
export async function reclaimStaleClaims(core: Core, options: { olderThanMs: number }): Promise<number> {
  const now = core.now();
  const { count } = await core.db.message.updateMany({
    where: { status: 'sending', claimedAt: { lt: new Date(now.getTime() - options.olderThanMs) } },
    data: { status: 'pending', nextAttemptAt: now },
  });
  return count;
}
