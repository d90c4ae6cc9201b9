/**
 * The daily digest: each account's stats posted once a day at STATS_HOUR
 * (server time zone) to the account's digest channel (its setting, or
 * STATS_CHANNEL for the default account), through the account's own Slack
 * client. Several instances may run; each account's digest of a day is
 * claimed with a unique row (src/core/stats/claim-daily-digest.ts), so only
 * the first instance to get there posts it. A service that starts after
 * today's hour posts the digests it missed while it was down.
 */
import type { Account } from '../core/accounts/account-view.ts';
import { listAccounts } from '../core/accounts/list-accounts.ts';
import { claimDailyDigest, markDailyDigestPosted } from '../core/stats/claim-daily-digest.ts';
import { statsMessage } from './blocks/stats.ts';
import { slackErrorCode } from './error-text.ts';
import { reportChannelOf } from './report-channels.ts';
import type { SlackDeps } from './slack-deps.ts';

/** The next time the clock shows `hour`:00 after `now` (local time). */
export function nextDigestAt(now: Date, hour: number): Date {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

/**
 * Posts the account's digest of today unless it was already claimed today.
 * @param options.channel default: the account's digest channel
 * @returns whether it posted
 */
export async function postDigest(deps: SlackDeps, options: { account: Account; channel?: string }): Promise<boolean> {
  const core = deps.context.core;
  const { account } = options;
  const channel = options.channel ?? reportChannelOf(deps, account, 'digest');
  if (!channel) return false;
  // Before the claim: an account with no workspace to post to keeps its day unclaimed.
  const client = await deps.clients.forAccount(account.id);
  if (!client) {
    deps.logger.warn('slack: daily digest not posted: no Slack workspace for the account', { account: account.slug });
    return false;
  }
  const now = core.now();
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const stats = await claimDailyDigest(core, { accountId: account.id, day, channel });
  if (!stats) return false;
  try {
    await client.chat.postMessage({
      channel,
      unfurl_links: false,
      unfurl_media: false,
      ...statsMessage(stats, { title: `${stats.portalName}: daily portal stats` }),
    });
    await markDailyDigestPosted(core, { accountId: account.id, day });
    return true;
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn('slack: daily digest not posted', {
      account: account.slug,
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

/**
 * Today's digest of every open account that has a digest channel; one
 * account failing does not keep the others from theirs.
 * @returns how many this instance posted
 */
export async function postDigests(deps: SlackDeps): Promise<number> {
  let posted = 0;
  for (const account of await listAccounts(deps.context.core)) {
    try {
      if (await postDigest(deps, { account })) posted += 1;
    } catch (error) {
      deps.logger.error('slack: digest failed', { account: account.slug, error });
    }
  }
  return posted;
}

export function scheduleDigest(deps: SlackDeps, options: { hour: number }): { stop(): void; caughtUp: Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Past today's hour: today's digest is due (postDigest posts it at most once a day).
  const caughtUp =
    new Date().getHours() >= options.hour
      ? postDigests(deps).then(
          () => undefined,
          (error) => deps.logger.error('slack: digest failed', { error }),
        )
      : Promise.resolve();
  const arm = () => {
    if (stopped) return;
    // setTimeout holds 32-bit delays; a day fits. Re-armed after each run so DST shifts are followed.
    const delay = Math.max(nextDigestAt(new Date(), options.hour).getTime() - Date.now(), 1000);
    timer = setTimeout(async () => {
      await postDigests(deps).catch((error) => deps.logger.error('slack: digest failed', { error }));
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
