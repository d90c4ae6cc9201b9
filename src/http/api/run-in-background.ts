import type { Logger } from '../../logger.ts';

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
