import type { Config } from './config.ts';
import type { Core } from './core/core.ts';
import type { Account } from './core/accounts/account-view.ts';
import type { Logger } from './logger.ts';
import type { ServiceSecrets } from './secrets.ts';
import type { SlackHealthView } from './slack/slack-health.ts';

/** Everything the transports (HTTP, Slack, worker) are built from. */
export interface AppContext {
  config: Config;
  core: Core;
  /** The account created on first start; Slack and the portal pages use it unless a channel or host says otherwise. */
  defaultAccount: Account;
  logger: Logger;
  secrets: ServiceSecrets;
  version: string;
  /**
   * Slack's state for readiness and the banner: off, starting, ok or degraded
   * with the last error (src/slack/slack-health.ts). Reads 'off' until Slack is started.
   */
  slackHealth: () => SlackHealthView;
}

/** One line of the start banner: what is on and off (delivery, Slack, rate limits). */
export interface Integration {
  name: string;
  on: boolean;
  detail: string;
}
