/**
 * The one lifecycle of bulk work (invitations, login links, reminders,
 * imports): check everything first, create the job with the checked input
 * and a lease, tell the transport its id, then queue in batches, each batch
 * and the job's progress in one transaction, and drop the input at the end.
 * The lease is renewed by heartbeat while this process lives; a process that
 * dies part-way leaves a job another process finishes (resume-bulk-jobs.ts).
 */
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { chunk } from '../shared/chunk.ts';
import { createBulkJob, type BulkJobKind } from '../outbox/create-bulk-job.ts';
import { advanceBulkJob, finishQueuing, holdBulkJob } from '../outbox/bulk-job-lease.ts';
import type { Actor } from '../audit/actor.ts';

/**
 * Entries per transaction, for every kind of bulk job: small enough to keep
 * SQLite's write lock and PostgreSQL's row locks short (an invite is a dozen
 * statements), large enough that 10,000 entries are 100 transactions.
 */
export const BULK_BATCH_SIZE = 100;

/**
 * Prisma's default of 5 s is too short for a batch on PostgreSQL, where each
 * invite is a dozen round trips; a batch that hits it fails whole.
 */
export const BATCH_TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

export interface StartBulkJobOptions {
  accountId: string;
  kind: BulkJobKind;
  total: number;
  actor: Actor;
  reportTo?: Record<string, unknown>;
  /** The checked input, kept on the job until every entry is queued. */
  plan: unknown;
  now: Date;
  /** Whether this work is a bulk job at all (a single invite usually is not). */
  wanted: boolean;
  /** A job the caller created and tracks itself (an import invites its rows in several calls, as one job). */
  existingJobId?: string;
  /** Told the job id before anything is queued, so a transport can answer at once (the REST API does). */
  onBulkJobCreated?: (bulkJobId: string) => void;
}

/** The job this work runs under, and whether its lifecycle (lease, progress, input) is this work's to keep. */
export interface BulkJobHandle {
  bulkJobId: string | null;
  ownsJob: boolean;
}

export async function startBulkJob(core: Core, options: StartBulkJobOptions): Promise<BulkJobHandle> {
  const ownsJob = !options.existingJobId && options.wanted;
  const bulkJobId =
    options.existingJobId ??
    (ownsJob
      ? (
          await core.db.$transaction((tx) =>
            createBulkJob(tx, {
              accountId: options.accountId,
              kind: options.kind,
              total: options.total,
              requestedBy: options.actor,
              reportTo: options.reportTo,
              pendingInput: options.plan,
              now: options.now,
              holder: core,
            }),
          )
        ).id
      : null);
  if (bulkJobId) options.onBulkJobCreated?.(bulkJobId);
  return { bulkJobId, ownsJob };
}

export interface RunBulkJobOptions<Entry, Result> {
  job: BulkJobHandle;
  /** Checked entries still to queue (all of them, or the rest after a takeover). */
  entries: Entry[];
  now: Date;
  /** Queues one batch inside its transaction; the job's progress is advanced in the same one. */
  queueBatch: (tx: Tx, batch: Entry[]) => Promise<Result[]>;
}

export async function runBulkJob<Entry, Result>(
  core: Core,
  options: RunBulkJobOptions<Entry, Result>,
): Promise<Result[]> {
  const { bulkJobId, ownsJob } = options.job;
  const results: Result[] = [];
  // The heartbeat, not the batches, keeps a live process's lease: one batch may outlast it.
  const lease = ownsJob && bulkJobId ? holdBulkJob(core, bulkJobId) : undefined;
  try {
    for (const batch of chunk(options.entries, BULK_BATCH_SIZE)) {
      const done = await core.db.$transaction(async (tx) => {
        const queued = await options.queueBatch(tx, batch);
        // Refuses (and rolls the batch back) if another process took the job over meanwhile.
        if (ownsJob && bulkJobId) await advanceBulkJob(tx, bulkJobId, batch.length, options.now, core);
        return queued;
      }, BATCH_TRANSACTION);
      results.push(...done);
    }
  } finally {
    lease?.release();
  }
  if (ownsJob && bulkJobId) await finishQueuing(core.db, bulkJobId);
  return results;
}
