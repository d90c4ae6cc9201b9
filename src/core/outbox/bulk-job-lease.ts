/**
 * Bulk work that is queued in several transactions (10,000 invites are 100 of
 * them) keeps its checked input on the job and a lease on it. The process
 * queuing the job renews the lease by heartbeat while it lives
 * (holdBulkJob), and each batch's transaction checks that this process still
 * holds it, so two processes never queue the same entries. If the process
 * dies, the lease runs out within OUTBOX_LEASE_SECONDS and another process
 * takes the job over where the last committed transaction left it
 * (src/core/invitations/resume-bulk-jobs.ts).
 */
import type { Db, Tx } from '../../db/client.ts';
import type { Core } from '../core.ts';
import { heartbeatEveryMs, storedLeaseMs } from './lease-timing.ts';

export function leaseEnd(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() + storedLeaseMs(leaseMs));
}

/**
 * In a batch's transaction: `queued` more entries are queued, and the lease goes on.
 * @throws Error when another process took the job over meanwhile (the batch rolls back).
 */
export async function advanceBulkJob(
  tx: Tx,
  bulkJobId: string,
  queued: number,
  now: Date,
  holder?: { instanceId: string; leaseMs: number },
): Promise<void> {
  if (!holder) {
    await tx.bulkJob.update({ where: { id: bulkJobId }, data: { queuedCount: { increment: queued } } });
    return;
  }
  const { count } = await tx.bulkJob.updateMany({
    where: { id: bulkJobId, leasedBy: holder.instanceId },
    data: { queuedCount: { increment: queued }, leaseUntil: leaseEnd(now, holder.leaseMs) },
  });
  if (count !== 1)
    throw new Error(`bulk job ${bulkJobId}: lease lost to another process; it goes on from the last committed batch`);
}

/** Every entry is queued: the input is no longer needed (nor kept: it holds addresses). */
export async function finishQueuing(db: Db | Tx, bulkJobId: string): Promise<void> {
  await db.bulkJob.update({ where: { id: bulkJobId }, data: { pendingInput: null, leaseUntil: null, leasedBy: null } });
}

/**
 * Takes over a job whose lease ran out. A conditional update, so of several
 * processes looking at once exactly one gets it.
 * @returns true when this caller now holds the job.
 */
export async function takeOverBulkJob(core: Core, bulkJobId: string, now: Date): Promise<boolean> {
  const { count } = await core.db.bulkJob.updateMany({
    where: { id: bulkJobId, pendingInput: { not: null }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: leaseEnd(now, core.leaseMs), leasedBy: core.instanceId },
  });
  return count === 1;
}

/**
 * Renews this process's lease on a job every heartbeat until released. A
 * batch transaction can take longer than the lease; the heartbeat, not the
 * batches, keeps a live process's claim.
 */
export function holdBulkJob(core: Core, bulkJobId: string): { release(): void } {
  const timer = setInterval(() => {
    core.db.bulkJob
      .updateMany({
        where: { id: bulkJobId, leasedBy: core.instanceId, pendingInput: { not: null } },
        data: { leaseUntil: leaseEnd(core.now(), core.leaseMs) },
      })
      .catch(() => {
        // A missed renewal is safe: the next batch's check refuses to go on if the job was taken over.
      });
  }, heartbeatEveryMs(core.leaseMs));
  timer.unref();
  return { release: () => clearInterval(timer) };
}
