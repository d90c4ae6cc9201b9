/**
 * Runs resumeBulkJobs (src/core/invitations/resume-bulk-jobs.ts) when the
 * process starts and at every outbox heartbeat after (a tenth of
 * OUTBOX_LEASE_SECONDS): bulk work that a dead process left half-queued is
 * finished by whichever process looks first once its lease has run out,
 * within OUTBOX_LEASE_SECONDS. src/app.ts and worker-cli.ts start it.
 */
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { resumeBulkJobs } from '../core/invitations/resume-bulk-jobs.ts';
import { heartbeatEveryMs } from '../core/outbox/lease-timing.ts';

export interface BulkJobResumer {
  /** One look now; resolves when it is done (tests). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startBulkJobResumer(options: {
  core: Core;
  logger: Logger;
  everyMs?: number;
  start?: boolean;
}): BulkJobResumer {
  const { core, logger } = options;
  let running: Promise<void> = Promise.resolve();
  let looking = false;
  const runOnce = () => {
    looking = true;
    running = running.then(async () => {
      try {
        const { resumed, failed } = await resumeBulkJobs(core);
        for (const job of resumed) logger.info('bulk job taken over and queued to the end', job);
        for (const job of failed)
          logger.error('bulk job taken over but failed again; will retry when its lease runs out', job);
      } catch (error) {
        logger.error('could not look for half-queued bulk jobs', { error });
      } finally {
        looking = false;
      }
    });
    return running;
  };
  // A tick while a look (or a long take-over) is under way adds nothing: the next one looks again.
  const tick = () => {
    if (!looking) void runOnce();
  };
  const timer =
    options.start === false ? undefined : setInterval(tick, options.everyMs ?? heartbeatEveryMs(core.leaseMs)).unref();
  if (options.start !== false) void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
