/**
 * The daily digest: stats posted to STATS_CHANNEL once a day at STATS_HOUR
 * (server time zone). Several instances may run; each day's digest is
 * claimed with a unique row (src/core/stats/claim-daily-digest.ts), so only
 * the first instance to get there posts. A service that starts after today's
 * hour posts the digest it missed while it was down.
 */
import { claimDailyDigest, markDailyDigestPosted } from '../core/stats/claim-daily-digest.ts';
import { statsMessage } from './blocks/stats.ts';
import { slackErrorCode } from './error-text.ts';
import type { SlackDeps } from './slack-deps.ts';

/** The next time the clock shows `hour`:00 after `now` (local time). */
export function nextDigestAt(now: Date, hour: number): Date {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

/** Posts today's digest unless one was already posted today. @returns whether it posted. */
export async function postDigest(deps: SlackDeps, channel: string): Promise<boolean> {
  const core = deps.context.core;
  const accountId = deps.context.defaultAccount.id;
  const now = core.now();
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const stats = await claimDailyDigest(core, { accountId, day, channel });
  if (!stats) return false;
  try {
    await deps.client.chat.postMessage({
      channel,
      unfurl_links: false,
      unfurl_media: false,
      ...statsMessage(stats, { title: `${stats.portalName}: daily portal stats` }),
    });
    await markDailyDigestPosted(core, { accountId, day });
    return true;
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn('slack: daily digest not posted', {
      channel,
      error: code ?? String(error),
      hint:
        code === 'not_in_channel' || code === 'channel_not_found'
          ? 'invite the app to the channel (/invite @Portal Desk)'
          : undefined,
    });
    return false;
  }
}

export function scheduleDigest(
  deps: SlackDeps,
  options: { channel: string; hour: number },
): { stop(): void; caughtUp: Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Past today's hour: today's digest is due (postDigest posts it at most once a day).
  const caughtUp =
    new Date().getHours() >= options.hour
      ? postDigest(deps, options.channel).then(
          () => undefined,
          (error) => deps.logger.error('slack: digest failed', { error }),
        )
      : Promise.resolve();
  const arm = () => {
    if (stopped) return;
    // setTimeout holds 32-bit delays; a day fits. Re-armed after each run so DST shifts are followed.
    const delay = Math.max(nextDigestAt(new Date(), options.hour).getTime() - Date.now(), 1000);
    timer = setTimeout(async () => {
      await postDigest(deps, options.channel).catch((error) => deps.logger.error('slack: digest failed', { error }));
      arm();
    }, delay);
    timer.unref();
  };
  arm();
  return {
    caughtUp,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
