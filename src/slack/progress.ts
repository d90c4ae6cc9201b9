/**
 * Bulk job progress in Slack: one message, posted when the job starts and
 * updated in place (chat.update) with sent / failed / total until the outbox
 * worker has finished it, or until we stop watching. The worker owns the
 * counts (BulkJob.sent/failed); this only reads them. The message's place is
 * kept in the job's reportTo, so a restarted service goes on updating it.
 * It posts through the job's account's Slack client (its own workspace).
 */
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { getBulkJob, type BulkJobProgress } from '../core/outbox/get-bulk-job.ts';
import { listReportedBulkJobs, mergeReportTo } from '../core/outbox/report-to.ts';
import { progressMessage } from './blocks/progress.ts';
import { slackErrorCode } from './error-text.ts';
import type { SlackClients } from './slack-clients.ts';

export interface ProgressOptions {
  /** How often to read the job. @default 2000 */
  intervalMs?: number;
  /** Stop updating after this long (the message then says so). @default 30 minutes */
  timeoutMs?: number;
}

export interface ProgressTracker {
  /** Posts the progress message in `channel` (or the person's DM when the bot cannot post there) and keeps it current. Never throws. */
  track(options: { accountId: string; jobId: string; channel?: string; userId: string }): Promise<void>;
  /**
   * After a restart: goes on updating the progress messages of jobs started
   * less than `timeoutMs` ago that are not done (their message is kept in the
   * job's reportTo). Resolves when those messages are final or stale.
   */
  resume(): Promise<void>;
  /** Jobs being watched right now. */
  active(): number;
  stop(): void;
}

export function createProgressTracker(
  deps: { core: Core; clients: SlackClients; logger: Logger } & ProgressOptions,
): ProgressTracker {
  const intervalMs = deps.intervalMs ?? 2000;
  const timeoutMs = deps.timeoutMs ?? 30 * 60_000;
  const abort = new AbortController();
  let running = 0;

  // The abort listener is removed when the timer fires: one per sleep would pile up over a long job.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (abort.signal.removeEventListener('abort', onAbort), resolve()), ms);
      abort.signal.addEventListener('abort', onAbort, { once: true });
    });

  async function post(
    accountId: string,
    channels: string[],
    job: BulkJobProgress,
  ): Promise<{ channel: string; ts: string } | undefined> {
    const client = await deps.clients.forAccount(accountId);
    if (!client) {
      deps.logger.warn('slack: no progress message: no Slack workspace for the account', { jobId: job.id });
      return undefined;
    }
    for (const channel of channels) {
      try {
        const result = await client.chat.postMessage({ channel, ...progressMessage(job) });
        if (result.ts && result.channel) return { channel: result.channel, ts: result.ts };
      } catch (error) {
        deps.logger.warn('slack: cannot post progress message', {
          channel,
          error: slackErrorCode(error) ?? String(error),
        });
      }
    }
    return undefined;
  }

  async function watch(options: { accountId: string; jobId: string; channel?: string; userId: string }): Promise<void> {
    const job = await getBulkJob(deps.core, { accountId: options.accountId, jobId: options.jobId });
    const where = await post(
      options.accountId,
      [options.channel, options.userId].filter((c): c is string => Boolean(c)),
      job,
    );
    if (!where) return;
    // Kept with the job, so that a restarted service updates this message instead of losing it.
    await mergeReportTo(deps.core, { jobId: job.id, add: { slackProgressMessage: where } }).catch((error) =>
      deps.logger.warn('slack: cannot remember the progress message', { jobId: job.id, error }),
    );
    await keepUpdated({ accountId: options.accountId, job, where, started: Date.now(), refreshNow: false });
  }

  /** Updates the message as the counts move, until done or stale; `refreshNow` (after a restart) updates it at once. */
  async function keepUpdated(state: {
    accountId: string;
    job: BulkJobProgress;
    where: { channel: string; ts: string };
    started: number;
    refreshNow: boolean;
  }): Promise<void> {
    let { job } = state;
    const { where } = state;
    let shown = state.refreshNow ? '' : `${job.sent}/${job.failed}`;
    let failedFinalUpdates = 0;
    let lookNow = state.refreshNow;
    if (job.done && !lookNow) return;
    const client = await deps.clients.forAccount(state.accountId);
    if (!client) return;
    while (!abort.signal.aborted) {
      if (!lookNow) {
        await sleep(intervalMs);
        if (abort.signal.aborted) return;
        job = await getBulkJob(deps.core, { accountId: state.accountId, jobId: job.id });
      }
      lookNow = false;
      const stale = !job.done && Date.now() - state.started > timeoutMs;
      const now = `${job.sent}/${job.failed}`;
      if (now === shown && !job.done && !stale) continue;
      try {
        await client.chat.update({ channel: where.channel, ts: where.ts, ...progressMessage(job, { stale }) });
        shown = now;
        if (job.done || stale) {
          // Nothing for a restarted service to pick up.
          await mergeReportTo(deps.core, { jobId: job.id, add: { slackProgressFinal: true } }).catch(() => undefined);
          return;
        }
      } catch (error) {
        // Rate limited or a transient failure: the next round tries again with fresher numbers.
        deps.logger.warn('slack: progress update failed', {
          jobId: job.id,
          error: slackErrorCode(error) ?? String(error),
        });
        if ((job.done || stale) && ++failedFinalUpdates >= 5) return;
      }
    }
  }

  async function counted(jobId: string, work: () => Promise<void>): Promise<void> {
    running += 1;
    try {
      await work();
    } catch (error) {
      deps.logger.error('slack: progress tracking stopped', { jobId, error });
    } finally {
      running -= 1;
    }
  }

  return {
    track: (options) => counted(options.jobId, () => watch(options)),
    async resume() {
      const jobs = await listReportedBulkJobs(deps.core, { since: new Date(Date.now() - timeoutMs) });
      await Promise.all(
        jobs.map((listed) => {
          const where = listed.reportTo.slackProgressMessage as { channel?: unknown; ts?: unknown } | undefined;
          if (typeof where?.channel !== 'string' || typeof where.ts !== 'string' || listed.reportTo.slackProgressFinal)
            return undefined;
          const message = { channel: where.channel, ts: where.ts };
          return counted(listed.id, async () => {
            const job = await getBulkJob(deps.core, { accountId: listed.accountId, jobId: listed.id });
            // Whatever moved while the service was down shows at once.
            await keepUpdated({
              accountId: listed.accountId,
              job,
              where: message,
              started: listed.createdAt.getTime(),
              refreshNow: true,
            });
          });
        }),
      );
    },
    active: () => running,
    stop: () => abort.abort(),
  };
}
