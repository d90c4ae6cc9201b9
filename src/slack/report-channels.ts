/**
 * Where an account's Slack reports go: the digest and delivery alerts
 * channels are per-account settings (`/portal settings`, REST, CLI). The
 * default account falls back to STATS_CHANNEL and ALERTS_CHANNEL, so a
 * single-portal install configured by environment keeps working unchanged.
 */
import type { Account } from '../core/accounts/account-view.ts';
import { settingsOf } from '../core/settings/portal-settings.ts';
import type { SlackDeps } from './slack-deps.ts';

export type ReportKind = 'digest' | 'alerts';

/** @returns the channel id, or null when the account has none. */
export function reportChannelOf(deps: Pick<SlackDeps, 'context'>, account: Account, kind: ReportKind): string | null {
  const settings = settingsOf(account);
  const own = kind === 'digest' ? settings.digestChannel : settings.alertsChannel;
  if (own) return own;
  if (account.id !== deps.context.defaultAccount.id) return null;
  const slack = deps.context.config.slack;
  return (kind === 'digest' ? slack.statsChannel : slack.alertsChannel) ?? null;
}
