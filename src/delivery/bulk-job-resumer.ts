/**
 * Runs resumeBulkJobs (src/core/invitations/resume-bulk-jobs.ts) when the
 * process starts and every minute after: bulk work that a dead process left
 * half-queued is finished by whichever process looks first once its lease
 * has run out. src/app.ts and worker-cli.ts start it.
 */
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { resumeBulkJobs } from '../core/invitations/resume-bulk-jobs.ts';

export interface BulkJobResumer {
  /** One look now; resolves when it is done (tests). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startBulkJobResumer(options: { core: Core; logger: Logger; everyMs?: number; start?: boolean }): BulkJobResumer {
  const { core, logger } = options;
  let running: Promise<void> = Promise.resolve();
  const runOnce = () => {
    running = running.then(async () => {
      try {
        const { resumed, failed } = await resumeBulkJobs(core);
        for (const job of resumed) logger.info('bulk job taken over and queued to the end', job);
        for (const job of failed) logger.error('bulk job taken over but failed again; will retry when its lease runs out', job);
      } catch (error) {
        logger.error('could not look for half-queued bulk jobs', { error });
      }
    });
    return running;
  };
  const timer = options.start === false ? undefined : setInterval(runOnce, options.everyMs ?? 60_000).unref();
  if (options.start !== false) void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
