import type { SlackDeps } from './slack-deps.ts';

/** Where in Slack a bulk job was asked for: progress is posted there (or in the person's DM). */
export interface ProgressPlace {
  accountId: string;
  channel?: string;
  userId: string;
}

export interface BulkProgress {
  /** Give this to the core function as `reportTo`: the job keeps it, so a restarted service goes on reporting. */
  reportTo: Record<string, unknown>;
  /** Once the core has answered: posts and keeps updating the progress message. Nothing for a job-less answer. Never throws. */
  follow(jobId: string | null): void;
}

/**
 * The one way a Slack surface starts a bulk job: attach `reportTo`, call the
 * core, answer, then follow the job's progress (src/slack/progress.ts).
 */
export function bulkProgress(deps: Pick<SlackDeps, 'progress'>, place: ProgressPlace): BulkProgress {
  return {
    reportTo: { slack: { channel: place.channel, user: place.userId } },
    follow(jobId) {
      if (jobId) void deps.progress.track({ accountId: place.accountId, jobId, channel: place.channel, userId: place.userId });
    },
  };
}
