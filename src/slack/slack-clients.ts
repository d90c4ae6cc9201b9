import type { webApi } from '@slack/bolt';

/**
 * The Web API client that speaks for an account's workspace, for work that
 * runs outside a Slack request (App Home publishing, the daily digest,
 * progress messages, alerts, DM exports). A listener uses the client Bolt
 * hands it, which is already the installation's.
 */
export interface SlackClients {
  /** Null when no workspace is installed for the account (it has no Slack to post to). */
  forAccount(accountId: string): Promise<webApi.WebClient | null>;
}

/** SLACK_BOT_TOKEN mode: one workspace, one client, every account posts through it. */
export function singleWorkspaceClients(client: webApi.WebClient): SlackClients {
  return { forAccount: async () => client };
}
