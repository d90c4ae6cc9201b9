/**
 * Delivery alerts: one message per bounced or dead message, or one roll-up
 * when many arrive at once (a bulk send to a stale list should not flood
 * the channel), in each account's alerts channel (its setting, or
 * ALERTS_CHANNEL for the default account), through the account's own Slack
 * client. Every instance polls; claimFailureAlerts hands each failure to
 * exactly one of them (one cursor per account), so nothing is posted twice.
 */
import type { Account } from '../core/accounts/account-view.ts';
import { listAccounts } from '../core/accounts/list-accounts.ts';
import { claimFailureAlerts, type FailureAlert } from '../core/outbox/claim-failure-alerts.ts';
import type { KnownBlock } from '@slack/types';
import { slackErrorCode } from './error-text.ts';
import { button, context, escapeText, section, slackDate, truncate } from './blocks/text.ts';
import { actionIds } from './action-ids.ts';
import { reportChannelOf } from './report-channels.ts';
import type { SlackDeps } from './slack-deps.ts';

/** Up to this many failures in one poll are posted one by one; more become one roll-up. */
export const ROLL_UP_OVER = 3;

const verbs: Record<string, string> = {
  'message.failed': 'could not be delivered',
  'message.bounced': 'bounced',
  'message.undelivered': 'was not delivered',
  'message.complained': 'was marked as spam',
};

function alertLine(alert: FailureAlert): string {
  const what = `${alert.template ?? 'message'}${alert.channel ? ` by ${alert.channel}` : ''}${alert.toAddress ? ` to ${escapeText(alert.toAddress)}` : ''}`;
  return truncate(
    `*${what}* ${verbs[alert.action] ?? alert.action} ${slackDate(alert.at)}${alert.reason ? `\n${escapeText(alert.reason)}` : ''}`,
    2900,
  );
}

export function alertMessages(
  alerts: FailureAlert[],
  accountId: string,
): Array<{ text: string; blocks: KnownBlock[] }> {
  if (alerts.length <= ROLL_UP_OVER) {
    return alerts.map((alert) => ({
      text: `:warning: ${alert.template ?? 'message'} to ${alert.toAddress ?? 'a contact'} ${verbs[alert.action] ?? alert.action}`,
      blocks: [
        {
          ...section(`:warning: ${alertLine(alert)}`),
          ...(alert.messageId
            ? {
                accessory: button(
                  'Re-send',
                  actionIds.requeueMessage,
                  JSON.stringify({ a: accountId, m: alert.messageId }),
                ),
              }
            : {}),
        },
      ],
    }));
  }
  const shown = alerts.slice(0, 10);
  return [
    {
      text: `:warning: ${alerts.length} messages could not be delivered`,
      blocks: [
        section(`:warning: *${alerts.length} messages could not be delivered* just now.`),
        section(
          shown
            .map((a) => `• ${alertLine(a).replace(/\n/g, ' — ')}`)
            .join('\n')
            .slice(0, 2900),
        ),
        context(
          `${alerts.length > shown.length ? `and ${alerts.length - shown.length} more. ` : ''}See them all, with *Re-send*, in \`/portal failed\`.`,
        ),
      ],
    },
  ];
}

/**
 * One poll of one account: claim, then post. An account without an alerts
 * channel or a Slack workspace is skipped.
 * @returns how many failures were claimed
 */
export async function postFailureAlerts(deps: SlackDeps, options: { account: Account }): Promise<number> {
  const { account } = options;
  const channel = reportChannelOf(deps, account, 'alerts');
  if (!channel) return 0;
  const client = await deps.clients.forAccount(account.id);
  if (!client) return 0;
  const alerts = await claimFailureAlerts(deps.context.core, { accountId: account.id });
  for (const message of alertMessages(alerts, account.id)) {
    try {
      await client.chat.postMessage({ channel, unfurl_links: false, unfurl_media: false, ...message });
    } catch (error) {
      const code = slackErrorCode(error);
      deps.logger.warn('slack: failure alert not posted', {
        account: account.slug,
        channel,
        error: code ?? String(error),
        hint: code === 'not_in_channel' ? 'invite the app to the channel (/invite @Portal Desk)' : undefined,
      });
    }
  }
  return alerts.length;
}

/** One poll of every open account. @returns how many failures were claimed in all. */
export async function postAllFailureAlerts(deps: SlackDeps): Promise<number> {
  let claimed = 0;
  for (const account of await listAccounts(deps.context.core)) {
    try {
      claimed += await postFailureAlerts(deps, { account });
    } catch (error) {
      deps.logger.warn('slack: failure alerts poll failed', {
        account: account.slug,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return claimed;
}

export function scheduleFailureAlerts(
  deps: SlackDeps,
  options: { intervalMs?: number } = {},
): { stop(): void; poll(): Promise<number> } {
  let running: Promise<number> | undefined;
  const poll = () => {
    running ??= postAllFailureAlerts(deps)
      .catch((error) => {
        deps.logger.warn('slack: failure alerts poll failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void poll(), options.intervalMs ?? 10_000);
  timer.unref();
  void poll();
  return { stop: () => clearInterval(timer), poll };
}
