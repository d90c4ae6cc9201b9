import type { Core } from '../core.ts';

export interface OutboxMeasure {
  channel: string;
  status: string;
  count: number;
  /** Seconds since the oldest message in this channel and status was queued. */
  oldestAgeSeconds: number;
}

export interface BulkJobsMeasure {
  /** Jobs not finished yet, and their entries: total, sent, failed. */
  running: number;
  total: number;
  sent: number;
  failed: number;
}

/**
 * Messages waiting or in hand, by channel and status, with the age of the
 * oldest: what an operator graphs to see the outbox falling behind. Sent
 * messages are left out (they only grow). Read at scrape time, so the numbers
 * are the database's, shared by every instance.
 */
export async function measureOutbox(core: Core): Promise<{ messages: OutboxMeasure[]; bulkJobs: BulkJobsMeasure }> {
  const now = core.now().getTime();
  const [groups, jobs] = await Promise.all([
    core.db.message.groupBy({
      by: ['channel', 'status'],
      where: { status: { in: ['pending', 'sending', 'failed', 'dead'] } },
      _count: { _all: true },
      _min: { createdAt: true },
    }),
    core.db.bulkJob.aggregate({
      where: { finishedAt: null },
      _count: { _all: true },
      _sum: { total: true, sent: true, failed: true },
    }),
  ]);
  return {
    messages: groups.map((g) => ({
      channel: g.channel,
      status: g.status,
      count: g._count._all,
      oldestAgeSeconds: g._min.createdAt ? Math.max(0, (now - g._min.createdAt.getTime()) / 1000) : 0,
    })),
    bulkJobs: {
      running: jobs._count._all,
      total: jobs._sum.total ?? 0,
      sent: jobs._sum.sent ?? 0,
      failed: jobs._sum.failed ?? 0,
    },
  };
}
