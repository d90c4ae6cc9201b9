import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import { toClaimedMessage, type ClaimedMessage } from './claimed-message.ts';

export interface ClaimSendGroupOptions {
  channel: 'email' | 'sms' | 'webhook';
  /** true: only messages of bulk jobs (sent through a batch endpoint); false: only the others. */
  bulk: boolean;
  /** Most messages in the group. */
  limit: number;
  /** Names the worker in Message.claimedBy. */
  workerId: string;
}

/**
 * Takes a group of due messages for one worker: one conditional update
 * `pending -> sending`, so that two workers never hold the same message.
 *
 * Message.claimedBy keeps the group (worker id + nonce of the first claim)
 * across retries: a group that failed and comes back, or whose worker died,
 * is claimed again whole, so its batch idempotency key stays the same and a
 * batch the provider did accept is not delivered a second time.
 * Returns an empty list when nothing is due.
 */
export async function claimSendGroup(core: Core, options: ClaimSendGroupOptions): Promise<ClaimedMessage[]> {
  const due = { status: 'pending', channel: options.channel, bulkJobId: options.bulk ? { not: null } : null } as const;
  // A few rounds: another worker may take the rows we saw before we update them.
  for (let round = 0; round < 5; round++) {
    const now = core.now();
    const first = await core.db.message.findFirst({
      where: { ...due, nextAttemptAt: { lte: now } },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      select: { id: true, claimedBy: true },
    });
    if (!first) return [];
    let group: string;
    if (first.claimedBy) {
      group = first.claimedBy;
      const { count } = await core.db.message.updateMany({
        where: { claimedBy: group, status: 'pending', nextAttemptAt: { lte: now } },
        data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
      });
      if (count === 0) continue;
    } else {
      const candidates = await core.db.message.findMany({
        where: { ...due, claimedBy: null, nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: options.limit,
        select: { id: true },
      });
      group = `${options.workerId}.${randomBytes(6).toString('base64url')}`;
      const { count } = await core.db.message.updateMany({
        where: { id: { in: candidates.map((c) => c.id) }, status: 'pending', claimedBy: null },
        data: { status: 'sending', claimedBy: group, claimedAt: now, attempts: { increment: 1 } },
      });
      if (count === 0) continue;
    }
    const rows = await core.db.message.findMany({ where: { claimedBy: group, status: 'sending' }, orderBy: { id: 'asc' } });
    if (rows.length > 0) return rows.map(toClaimedMessage);
  }
  return [];
}
