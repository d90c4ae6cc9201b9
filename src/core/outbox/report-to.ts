import type { Core } from '../core.ts';

/**
 * Where a bulk job's progress is reported (BulkJob.reportTo): opaque to the
 * core, written by the transport that reports it. Slack keeps its progress
 * message here, so that after a restart it updates that message instead of
 * losing it.
 */
export async function mergeReportTo(
  core: Core,
  options: { jobId: string; add: Record<string, unknown> },
): Promise<void> {
  const job = await core.db.bulkJob.findUniqueOrThrow({ where: { id: options.jobId }, select: { reportTo: true } });
  const reportTo = { ...(job.reportTo ? (JSON.parse(job.reportTo) as Record<string, unknown>) : {}), ...options.add };
  await core.db.bulkJob.update({ where: { id: options.jobId }, data: { reportTo: JSON.stringify(reportTo) } });
}

/** Jobs created since `since` that have somewhere to report to, oldest first. */
export async function listReportedBulkJobs(
  core: Core,
  options: { since: Date },
): Promise<Array<{ id: string; accountId: string; reportTo: Record<string, unknown>; createdAt: Date }>> {
  const jobs = await core.db.bulkJob.findMany({
    where: { createdAt: { gte: options.since }, reportTo: { not: null } },
    select: { id: true, accountId: true, reportTo: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  return jobs.map((job) => ({ ...job, reportTo: JSON.parse(job.reportTo!) as Record<string, unknown> }));
}
