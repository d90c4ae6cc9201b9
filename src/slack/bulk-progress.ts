import type { Account } from '../core/accounts/account-view.ts';
import type { Actor } from '../core/audit/actor.ts';
import type { SlackDeps } from './slack-deps.ts';

/** Who asked for a bulk job in Slack, and where: progress is posted there (or in the person's DM). */
export interface ProgressPlace {
  deps: Pick<SlackDeps, 'progress'>;
  account: Pick<Account, 'id'>;
  actor: Actor;
  userId: string;
  channel?: string;
}

export interface BulkProgress {
  /**
   * Spread into the core function's options: the account, the actor, and the
   * `reportTo` the job keeps, so a restarted service goes on reporting.
   */
  call: { accountId: string; actor: Actor; reportTo: Record<string, unknown> };
  /** Once the core has answered: posts and keeps updating the progress message. Nothing for a job-less answer. Never throws. */
  follow(jobId: string | null): void;
}

/**
 * The one way a Slack surface starts a bulk job: attach `reportTo`, call the
 * core, answer, then follow the job's progress (src/slack/progress.ts).
 */
export function bulkProgress(place: ProgressPlace): BulkProgress {
  return {
    call: {
      accountId: place.account.id,
      actor: place.actor,
      reportTo: { slack: { channel: place.channel, user: place.userId } },
    },
    follow(jobId) {
      if (jobId)
        void place.deps.progress.track({
          accountId: place.account.id,
          jobId,
          channel: place.channel,
          userId: place.userId,
        });
    },
  };
}
