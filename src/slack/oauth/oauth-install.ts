/**
 * Installing the app in many workspaces with @slack/oauth's InstallProvider,
 * the same one Bolt builds from `clientId`/`stateSecret`/`installerOptions`.
 * We build it ourselves and mount its two pages on our own server so that:
 * an operator's install link can put its account in the signed state of
 * that one install (Bolt's installer options are the same for every
 * request); token refreshes happen once per installation (refresh-once.ts);
 * and Socket Mode gets the same pages without Bolt's second HTTP server.
 *   GET /slack/install[?account=<install link>] → 302 to Slack, with the state cookie
 *   GET /slack/oauth_redirect?code=…&state=…    → token exchange, installation stored
 */
import type { Authorize, Logger as BoltLogger, webApi } from '@slack/bolt';
import { type CallbackOptions, InstallProvider, type InstallURLOptions } from '@slack/oauth';
import type { ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import type { Core } from '../../core/core.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../core/shared/errors.ts';
import { findSlackInstallation } from '../../core/slack-installations/find-slack-installation.ts';
import { findAccount } from '../../core/accounts/find-account.ts';
import { INSTALL_LINK_PARAM, openInstallLink } from '../../core/slack-installations/install-link.ts';
import { BOT_SCOPES } from './bot-scopes.ts';
import { createInstallationStore, type InstallMetadata } from './installation-store.ts';
import { installPage } from './install-page.ts';
import { refreshOnce } from './refresh-once.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface OAuthInstallOptions {
  core: Core;
  http: Express;
  publicUrl: string;
  oauth: { clientId: string; clientSecret: string; stateSecret: string };
  logger: Logger;
  boltLogger: BoltLogger;
  /** Where the token exchange goes (SLACK_API_URL in tests). */
  clientOptions: webApi.WebClientOptions;
}

export interface OAuthInstall {
  /** Bolt's authorize: the installation's token for a request's workspace, rotated when it is about to expire. */
  authorize: Authorize<boolean>;
}

export function mountOAuthInstall(options: OAuthInstallOptions): OAuthInstall {
  const { core, logger } = options;
  const installer = new InstallProvider({
    clientId: options.oauth.clientId,
    clientSecret: options.oauth.clientSecret,
    stateSecret: options.oauth.stateSecret,
    installationStore: createInstallationStore(core),
    // Straight to Slack's consent screen: our own page would only hold an "Add to Slack" button.
    directInstall: true,
    logger: options.boltLogger,
    clientOptions: options.clientOptions,
  });
  const installUrlOptions: InstallURLOptions = {
    scopes: [...BOT_SCOPES],
    redirectUri: `${options.publicUrl}${REDIRECT_PATH}`,
  };

  const callbackOptions: CallbackOptions = {
    async successAsync(installation, _options, _req, res) {
      const found = await findSlackInstallation(core, {
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      const account = found ? await findAccount(core, { id: found.accountId }) : undefined;
      const where = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
      logger.info('slack: installed', {
        team: installation.team?.id,
        enterprise: installation.enterprise?.id,
        account: account?.slug,
      });
      send(
        res,
        200,
        'Portal Desk is installed',
        `Portal Desk is installed in ${where}${account ? ` and acts on the portal “${account.name}” (${account.slug})` : ''}. In Slack, type /portal help.`,
      );
    },
    async failureAsync(error, _options, _req, res) {
      const code = (error as { code?: string }).code;
      logger.warn('slack: install failed', { code, error: error.message.slice(0, 200) });
      // Our own refusal from the installation store (an archived account, say): its words are for people.
      if (error instanceof AppError) return send(res, 400, 'Portal Desk was not installed', error.message);
      if (code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state')
        return send(
          res,
          400,
          'Portal Desk was not installed',
          'This install was started in another browser or more than 10 minutes ago. Start again from the install link.',
        );
      if (error.message.includes('cancelled'))
        return send(
          res,
          400,
          'Portal Desk was not installed',
          'The install was cancelled in Slack; nothing was changed.',
        );
      send(res, 502, 'Portal Desk was not installed', 'Slack did not complete the install. Try again in a minute.');
    },
  };

  options.http.get(INSTALL_PATH, async (req: Request, res: Response) => {
    const link = req.query[INSTALL_LINK_PARAM];
    let metadata: string | undefined;
    if (link !== undefined) {
      const opened = typeof link === 'string' ? openInstallLink(core, link) : null;
      if (!opened)
        return send(
          res,
          400,
          'This install link does not work',
          'It has expired or was altered. Ask whoever sent it for a new one (portal-desk accounts install-link <slug>).',
        );
      metadata = JSON.stringify({ accountId: opened.accountId } satisfies InstallMetadata);
    }
    try {
      // The account rides in Bolt's signed state, bound to this browser by the state cookie.
      await installer.handleInstallPath(req, res, undefined, { ...installUrlOptions, metadata });
    } catch (error) {
      logger.error('slack: install page failed', { error: (error as Error).message });
      if (!res.headersSent) send(res, 500, 'Portal Desk cannot be installed right now', 'Try again in a minute.');
    }
  });
  options.http.get(REDIRECT_PATH, async (req: Request, res: Response) => {
    await installer.handleCallback(req, res, callbackOptions);
  });

  return { authorize: refreshOnce(core, installer.authorize as Authorize<boolean>) };
}

function send(res: ServerResponse, status: number, title: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(installPage(title, message));
}
