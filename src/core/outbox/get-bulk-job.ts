import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';

export interface BulkJobProgress {
  id: string;
  kind: string;
  total: number;
  /** Not yet sent and not yet given up. */
  queued: number;
  sent: number;
  failed: number;
  done: boolean;
  requestedBy: string;
  reportTo: Record<string, unknown> | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** @throws AppError not_found */
export async function getBulkJob(core: Core, options: { accountId: string; jobId: string }): Promise<BulkJobProgress> {
  const job = await core.db.bulkJob.findFirst({ where: { id: options.jobId, accountId: options.accountId } });
  if (!job) throw new AppError('not_found', `no bulk job ${options.jobId}`);
  const queued = Math.max(job.total - job.sent - job.failed, 0);
  return {
    id: job.id,
    kind: job.kind,
    total: job.total,
    queued,
    sent: job.sent,
    failed: job.failed,
    done: queued === 0,
    requestedBy: job.requestedBy,
    reportTo: job.reportTo ? (JSON.parse(job.reportTo) as Record<string, unknown>) : null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
