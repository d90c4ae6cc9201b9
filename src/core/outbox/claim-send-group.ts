import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import { toClaimedMessage, type ClaimedMessage } from './claimed-message.ts';
import { storedLeaseMs } from './lease-timing.ts';

export interface ClaimSendGroupOptions {
  channel: 'email' | 'sms' | 'webhook';
  /**
   * true: messages of bulk jobs, claimed as one send group (one batch
   * request); false: other messages, each its own request.
   */
  bulk: boolean;
  /** Most messages in the group. */
  limit: number;
  /** The worker; the claim id is `${workerId}/${nonce}` (Message.claimedBy). */
  workerId: string;
}

/**
 * Takes due messages for one worker with one conditional update
 * `pending -> sending`, so two workers never hold the same message, and
 * leases them for OUTBOX_LEASE_SECONDS / 2 (the worker's heartbeat renews
 * the lease, see renew-claims.ts).
 *
 * A bulk send group (Message.sendGroup) is formed once, at its first claim,
 * and from then on always claimed whole: every member still pending, whatever
 * its own nextAttemptAt, so that a batch that may have reached the provider is
 * only ever repeated as the identical request (same members, same key).
 * A new group holds one account's messages only: one provider request never
 * carries two accounts' mail, so one account's refused sender or archived
 * state never splits or delays another's batch.
 * Returns an empty list when nothing is due.
 */
export async function claimSendGroup(core: Core, options: ClaimSendGroupOptions): Promise<ClaimedMessage[]> {
  const due = { status: 'pending', channel: options.channel, bulkJobId: options.bulk ? { not: null } : null } as const;
  // A few rounds: another worker may take the rows we saw before we update them.
  for (let round = 0; round < 5; round++) {
    const now = core.now();
    const claimId = `${options.workerId}/${randomBytes(6).toString('base64url')}`;
    const claim = {
      status: 'sending',
      claimedBy: claimId,
      claimedAt: now,
      leaseUntil: new Date(now.getTime() + storedLeaseMs(core.leaseMs)),
      attempts: { increment: 1 },
    };
    let claimedIds: string[] | undefined;
    if (options.bulk) {
      const first = await core.db.message.findFirst({
        where: { ...due, nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        select: { id: true, sendGroup: true, accountId: true },
      });
      if (!first) return [];
      if (first.sendGroup) {
        const { count } = await core.db.message.updateMany({
          where: { sendGroup: first.sendGroup, status: 'pending' },
          data: claim,
        });
        if (count === 0) continue;
      } else {
        const candidates = await core.db.message.findMany({
          where: { ...due, accountId: first.accountId, sendGroup: null, nextAttemptAt: { lte: now } },
          orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
          take: options.limit,
          select: { id: true },
        });
        const { count } = await core.db.message.updateMany({
          where: { id: { in: candidates.map((c) => c.id) }, status: 'pending', sendGroup: null },
          data: { ...claim, sendGroup: `g-${randomBytes(9).toString('base64url')}` },
        });
        if (count === 0) continue;
      }
    } else {
      const candidates = await core.db.message.findMany({
        where: { ...due, nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: options.limit,
        select: { id: true },
      });
      if (candidates.length === 0) return [];
      claimedIds = candidates.map((c) => c.id);
      const { count } = await core.db.message.updateMany({
        where: { id: { in: claimedIds }, status: 'pending' },
        data: claim,
      });
      if (count === 0) continue;
    }
    // The start of the provider's idempotency window and of the SMS look-up (set once).
    await core.db.message.updateMany({
      where: { claimedBy: claimId, status: 'sending', firstAttemptAt: null },
      data: { firstAttemptAt: now },
    });
    const rows = await core.db.message.findMany({
      where: { claimedBy: claimId, status: 'sending' },
      orderBy: { id: 'asc' },
    });
    if (rows.length > 0) return rows.map(toClaimedMessage);
  }
  return [];
}
