/**
 * Builds the Bolt app and registers every listener. HTTP mode mounts
 * POST /slack/events on our own Express app (Bolt verifies the signature and
 * the 5-minute replay window); Socket Mode connects out with the app token.
 * One workspace: SLACK_BOT_TOKEN. Many (SLACK_CLIENT_ID…): OAuth install
 * pages on the same server, each request authorized by its installation.
 */
import { App, ExpressReceiver, LogLevel, webApi } from '@slack/bolt';
import { createSlackHealth, type SlackHealth, type SlackRetry } from './slack-health.ts';
import type { Express } from 'express';
import type { AppContext } from '../app-context.ts';
import { boltLogger } from './bolt-logger.ts';
import { createAuthz } from './authz.ts';
import { createProgressTracker, type ProgressOptions } from './progress.ts';
import type { SlackDeps } from './slack-deps.ts';
import { singleWorkspaceClients } from './slack-clients.ts';
import { mountOAuthInstall } from './oauth/oauth-install.ts';
import { oauthClients } from './oauth/oauth-clients.ts';
import { RequestScopedClient, scopeRequestsToTheirToken } from './oauth/request-client.ts';
import { registerAppUninstalled } from './events/app-uninstalled.ts';
import { registerCommands } from './commands/index.ts';
import { registerAppHome } from './home/app-home.ts';
import { registerContactSearch } from './actions/contact-search.ts';
import { registerMagicLinkButtons } from './actions/magic-link-buttons.ts';
import { registerContactCardButtons } from './actions/contact-card-buttons.ts';
import { registerRemindButtons } from './actions/remind-buttons.ts';
import { registerFailedButtons } from './actions/failed-buttons.ts';
import { registerHomeButtons } from './actions/home-buttons.ts';
import { registerInviteSubmit } from './actions/invite-submit.ts';
import { registerMagicLinkSubmit } from './actions/magic-link-submit.ts';
import { registerLoginEmailSubmit } from './actions/login-email-submit.ts';
import { registerGrantSubmit } from './actions/grant-submit.ts';
import { registerContactSubmit } from './actions/contact-submit.ts';
import { registerImportSubmit } from './actions/import-submit.ts';
import { registerImportButtons } from './actions/import-buttons.ts';
import { registerFileShared } from './events/file-shared.ts';
// Contact lifecycle (#12 §1-2)
import { registerLifecycleButtons } from './actions/lifecycle-buttons.ts';
import { registerEditContactSubmit } from './actions/edit-contact-submit.ts';
// #12 lists, history, templates and settings
import { registerListButtons } from './actions/list-buttons.ts';
import { registerHistoryButtons } from './actions/history-buttons.ts';
import { registerTemplatesActions } from './actions/templates-actions.ts';
import { registerSettingsSubmit } from './actions/settings-submit.ts';

export interface SlackAppOptions {
  progress?: ProgressOptions;
  /** How long admin user group members are cached. @default 60000 */
  adminGroupCacheMs?: number;
  /** Backoff of the Slack connection check (tests shorten it). */
  retry?: SlackRetry;
  /** How often ALERTS_CHANNEL failures are looked for. @default 10000 */
  alertsIntervalMs?: number;
}

/** SLACK_API_URL must end with /api/ for the Web API client; accept it with or without. */
export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? `${trimmed}/` : `${trimmed}/api/`;
}

export function createSlackApp(
  context: AppContext,
  http: Express,
  options: SlackAppOptions = {},
): { app: App; deps: SlackDeps; mode: 'http' | 'socket'; health: SlackHealth } {
  const slack = context.config.slack;
  const logger = context.logger.child({ component: 'slack' });
  const socketMode = Boolean(slack.appToken);
  const slackApiUrl = normaliseApiUrl(slack.apiUrl);
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    // Our code decides what a rate limit means (skip a progress update, tell the person) instead of sleeping inside a listener.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  // Our own client and connection check instead of Bolt's `token`: Bolt's eager auth.test rejected
  // unhandled when Slack was unreachable, which ended the process (test/security/slack-down.security.test.ts).
  // Many workspaces (OAuth): no one token; each request's own is used (oauth/request-client.ts).
  const oauth = slack.oauth;
  const clientSettings = { ...clientOptions, logger: boltLogger(logger), logLevel: LogLevel.INFO };
  const client = oauth
    ? new RequestScopedClient(undefined, clientSettings)
    : new webApi.WebClient(slack.botToken, clientSettings);
  const health = createSlackHealth({ client, token: oauth ? undefined : slack.botToken, logger, retry: options.retry });
  const install = oauth
    ? mountOAuthInstall({
        core: context.core,
        http,
        publicUrl: context.config.publicUrl,
        oauth,
        logger,
        boltLogger: boltLogger(logger),
        clientOptions: clientSettings,
      })
    : undefined;
  const common = {
    authorize: install ? install.authorize : () => health.identity(),
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    clientOptions,
  };
  const app = socketMode
    ? new App({ ...common, appToken: slack.appToken, socketMode: true })
    : new App({
        ...common,
        receiver: new ExpressReceiver({
          signingSecret: slack.signingSecret!,
          app: http,
          endpoints: '/slack/events',
          processBeforeResponse: false,
          logger: boltLogger(logger),
        }),
      });
  if (install) scopeRequestsToTheirToken(app);

  const clients = install
    ? oauthClients(context.core, install.authorize, clientSettings)
    : singleWorkspaceClients(client);
  const deps: SlackDeps = {
    context,
    client,
    clients,
    multiWorkspace: Boolean(install),
    logger,
    authz: createAuthz({
      core: context.core,
      client,
      clients,
      logger,
      admins: slack.admins,
      adminGroups: slack.adminGroups,
      cacheMs: options.adminGroupCacheMs,
    }),
    progress: createProgressTracker({ core: context.core, clients, logger, ...options.progress }),
  };
  if (install) registerAppUninstalled(app, deps);
  registerCommands(app, deps);
  registerAppHome(app, deps);
  registerContactSearch(app, deps);
  registerMagicLinkButtons(app, deps);
  registerContactCardButtons(app, deps);
  registerRemindButtons(app, deps);
  registerFailedButtons(app, deps);
  registerHomeButtons(app, deps);
  registerInviteSubmit(app, deps);
  registerMagicLinkSubmit(app, deps);
  registerLoginEmailSubmit(app, deps);
  registerGrantSubmit(app, deps);
  registerContactSubmit(app, deps);
  registerImportSubmit(app, deps);
  registerImportButtons(app, deps);
  registerFileShared(app, deps);
  // Contact lifecycle (#12 §1-2)
  registerLifecycleButtons(app, deps);
  registerEditContactSubmit(app, deps);
  // #12
  registerListButtons(app, deps);
  registerHistoryButtons(app, deps);
  registerTemplatesActions(app, deps);
  registerSettingsSubmit(app, deps);
  app.error(async (error) => {
    logger.error('slack: listener failed', { error: error.message, code: (error as { code?: string }).code });
  });
  return { app, deps, mode: socketMode ? 'socket' : 'http', health };
}
