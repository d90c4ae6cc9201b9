import type { Logger } from '../../logger.ts';
import type { AppContext } from '../../app-context.ts';
import { getBulkJob } from '../../core/outbox/get-bulk-job.ts';
import type { RouteResult } from './define-route.ts';
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
export function answerWithJobId(start: (onBulkJobCreated: (id: string) => void) => Promise<unknown>, logger: Logger, what: string): Promise<string> {
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
        logger.error(`${what} failed after answering`, { error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}

/**
 * The one way an API route starts a bulk job: 202 with the job as soon as it
 * exists (answerWithJobId), `Location` pointing at GET /jobs/{id}.
 */
export async function acceptBulkJob(
  context: AppContext,
  options: { accountId: string; what: string; start: (onBulkJobCreated: (id: string) => void) => Promise<unknown> },
): Promise<RouteResult> {
  const jobId = await answerWithJobId(options.start, context.logger, options.what);
  const job = await getBulkJob(context.core, { accountId: options.accountId, jobId });
  return { status: 202, body: { job: jobJson(job) }, headers: { Location: `/api/v1/jobs/${jobId}` } };
}
