import type { webApi } from '@slack/bolt';
import type { AppContext } from '../app-context.ts';
import type { Logger } from '../logger.ts';
import type { Authz } from './authz.ts';
import type { ProgressTracker } from './progress.ts';
import type { SlackClients } from './slack-clients.ts';

/** What every listener is built from. */
export interface SlackDeps {
  context: AppContext;
  /** The single-workspace bot client; per-account work goes through `clients`. */
  client: webApi.WebClient;
  clients: SlackClients;
  /**
   * OAuth mode (many workspaces, SLACK_CLIENT_ID): a request acts on its channel's binding or its
   * workspace's installation, never on the default account (src/slack/account.ts).
   */
  multiWorkspace?: boolean;
  authz: Authz;
  progress: ProgressTracker;
  logger: Logger;
}
