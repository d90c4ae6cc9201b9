import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { leaseEnd } from './bulk-job-lease.ts';

export type BulkJobKind = 'invite' | 'login_email' | 'remind' | 'import' | 'access_granted';

export interface CreateBulkJobOptions {
  accountId: string;
  kind: BulkJobKind;
  total: number;
  requestedBy: string;
  /** Where to report progress (for example a Slack channel and message ts). */
  reportTo?: Record<string, unknown>;
  /**
   * The checked input of work that is queued in several transactions. Kept
   * with the job (and the job leased to this process) until every entry is
   * queued, so that another process can finish it if this one dies
   * (src/core/invitations/resume-bulk-jobs.ts).
   */
  pendingInput?: unknown;
  now: Date;
  /** With pendingInput: the process holding the job (Core.instanceId) and OUTBOX_LEASE_SECONDS in ms. */
  holder?: { instanceId: string; leaseMs: number };
}

export async function createBulkJob(tx: Tx, options: CreateBulkJobOptions): Promise<{ id: string }> {
  const id = newId();
  await tx.bulkJob.create({
    data: {
      id,
      accountId: options.accountId,
      kind: options.kind,
      total: options.total,
      requestedBy: options.requestedBy,
      reportTo: options.reportTo ? JSON.stringify(options.reportTo) : null,
      ...(options.pendingInput === undefined
        ? {}
        : {
            pendingInput: JSON.stringify(options.pendingInput),
            leaseUntil: leaseEnd(options.now, options.holder?.leaseMs ?? 30_000),
            leasedBy: options.holder?.instanceId ?? null,
          }),
      createdAt: options.now,
    },
  });
  return { id };
}
