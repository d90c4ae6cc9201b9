/**
 * Bulk work that is queued in several transactions (10,000 invites are 100 of
 * them) keeps its checked input on the job and a lease on it, renewed by each
 * transaction. If the process dies, the lease runs out and another process
 * takes the job over where the last committed transaction left it
 * (src/core/invitations/resume-bulk-jobs.ts).
 */
import type { Db, Tx } from '../../db/client.ts';

/** Far longer than one batch's transaction can take (BATCH_TRANSACTION: 30 s wait + 60 s). */
export const BULK_JOB_LEASE_MS = 5 * 60_000;

export function leaseEnd(now: Date): Date {
  return new Date(now.getTime() + BULK_JOB_LEASE_MS);
}

/** In a batch's transaction: `queued` more entries are queued, and the lease goes on. */
export async function advanceBulkJob(tx: Tx, bulkJobId: string, queued: number, now: Date): Promise<void> {
  await tx.bulkJob.update({ where: { id: bulkJobId }, data: { queuedCount: { increment: queued }, leaseUntil: leaseEnd(now) } });
}

/** Every entry is queued: the input is no longer needed (nor kept: it holds addresses). */
export async function finishQueuing(db: Db | Tx, bulkJobId: string): Promise<void> {
  await db.bulkJob.update({ where: { id: bulkJobId }, data: { pendingInput: null, leaseUntil: null } });
}

/**
 * Takes over a job whose lease ran out. A conditional update, so of several
 * processes looking at once exactly one gets it.
 * @returns true when this caller now holds the job.
 */
export async function takeOverBulkJob(db: Db, bulkJobId: string, now: Date): Promise<boolean> {
  const { count } = await db.bulkJob.updateMany({
    where: { id: bulkJobId, pendingInput: { not: null }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: leaseEnd(now) },
  });
  return count === 1;
}
