/**
 * Bulk job progress in Slack: one message, posted when the job starts and
 * updated in place (chat.update) with sent / failed / total until the outbox
 * worker has finished it, or until we stop watching. The worker owns the
 * counts (BulkJob.sent/failed); this only reads them.
 */
import type { webApi } from '@slack/bolt';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { getBulkJob, type BulkJobProgress } from '../core/outbox/get-bulk-job.ts';
import { progressMessage } from './blocks/progress.ts';
import { slackErrorCode } from './error-text.ts';

export interface ProgressOptions {
  /** How often to read the job. @default 2000 */
  intervalMs?: number;
  /** Stop updating after this long (the message then says so). @default 30 minutes */
  timeoutMs?: number;
}

export interface ProgressTracker {
  /** Posts the progress message in `channel` (or the person's DM when the bot cannot post there) and keeps it current. Never throws. */
  track(options: { accountId: string; jobId: string; channel?: string; userId: string }): Promise<void>;
  /** Jobs being watched right now. */
  active(): number;
  stop(): void;
}

export function createProgressTracker(deps: { core: Core; client: webApi.WebClient; logger: Logger } & ProgressOptions): ProgressTracker {
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

  async function post(channels: string[], job: BulkJobProgress): Promise<{ channel: string; ts: string } | undefined> {
    for (const channel of channels) {
      try {
        const result = await deps.client.chat.postMessage({ channel, ...progressMessage(job) });
        if (result.ts && result.channel) return { channel: result.channel, ts: result.ts };
      } catch (error) {
        deps.logger.warn('slack: cannot post progress message', { channel, error: slackErrorCode(error) ?? String(error) });
      }
    }
    return undefined;
  }

  async function watch(options: { accountId: string; jobId: string; channel?: string; userId: string }): Promise<void> {
    const started = Date.now();
    let job = await getBulkJob(deps.core, { accountId: options.accountId, jobId: options.jobId });
    const where = await post([options.channel, options.userId].filter((c): c is string => Boolean(c)), job);
    if (!where) return;
    let shown = `${job.sent}/${job.failed}`;
    let failedFinalUpdates = 0;
    if (job.done) return;
    while (!abort.signal.aborted) {
      await sleep(intervalMs);
      if (abort.signal.aborted) return;
      job = await getBulkJob(deps.core, { accountId: options.accountId, jobId: options.jobId });
      const stale = !job.done && Date.now() - started > timeoutMs;
      const now = `${job.sent}/${job.failed}`;
      if (now === shown && !job.done && !stale) continue;
      try {
        await deps.client.chat.update({ channel: where.channel, ts: where.ts, ...progressMessage(job, { stale }) });
        shown = now;
        if (job.done || stale) return;
      } catch (error) {
        // Rate limited or a transient failure: the next round tries again with fresher numbers.
        deps.logger.warn('slack: progress update failed', { jobId: job.id, error: slackErrorCode(error) ?? String(error) });
        if ((job.done || stale) && ++failedFinalUpdates >= 5) return;
      }
    }
  }

  return {
    async track(options) {
      running += 1;
      try {
        await watch(options);
      } catch (error) {
        deps.logger.error('slack: progress tracking stopped', { jobId: options.jobId, error });
      } finally {
        running -= 1;
      }
    },
    active: () => running,
    stop: () => abort.abort(),
  };
}
