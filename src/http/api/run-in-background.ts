import type { Logger } from '../../logger.ts';
import type { AppContext } from '../../app-context.ts';
import { getBulkJob } from '../../core/outbox/get-bulk-job.ts';
import type { RouteResult } from './define-route.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';
import { jobJson } from './schemas.ts';

/**
 * Starts bulk work and resolves with its job id as soon as the core has
 * checked every entry and created the job; the rest (thousands of contacts,
 * links and outbox rows) goes on after the answer is sent. A refusal found
 * while checking (invalid addresses) rejects, so the caller still gets it.
 * Failures after the answer are logged; the job's counters show them, and
 * if the process dies midway another one finishes the job once its lease runs
 * out (src/core/invitations/resume-bulk-jobs.ts).
 */
export function answerWithJobId(
  start: (onBulkJobCreated: (id: string) => void) => Promise<unknown>,
  logger: Logger,
  what: string,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    start((id) => {
      answered = true;
      resolve(id);
    }).then(
      () => {
        if (!answered) reject(new Error(`${what} finished without creating a bulk job`));
      },
      (error: unknown) => {
        if (!answered) return reject(error);
        logger.error(`${what} failed after answering`, {
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });
}

/** What every bulk core function takes from an API caller. */
export interface BulkJobCall {
  accountId: string;
  actor: ApiCaller['actor'];
  /** The API always answers with a job, even for one contact. */
  asBulkJob: true;
  onBulkJobCreated: (bulkJobId: string) => void;
}

/**
 * The one way an API route starts a bulk job: 202 with the job as soon as it
 * exists (answerWithJobId), `Location` pointing at GET /jobs/{id}.
 */
export async function acceptBulkJob(
  context: AppContext,
  caller: ApiCaller,
  what: string,
  start: (call: BulkJobCall) => Promise<unknown>,
): Promise<RouteResult> {
  const jobId = await answerWithJobId(
    (onBulkJobCreated) =>
      start({ accountId: caller.accountId, actor: caller.actor, asBulkJob: true, onBulkJobCreated }),
    context.logger,
    what,
  );
  const job = await getBulkJob(context.core, { accountId: caller.accountId, jobId });
  return { status: 202, body: { job: jobJson(job) }, headers: { Location: `/api/v1/jobs/${jobId}` } };
}
