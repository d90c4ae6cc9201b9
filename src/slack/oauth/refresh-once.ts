/**
 * One token refresh per installation at a time. InstallProvider.authorize
 * refreshes a token that expires within two hours on every request that
 * sees it expiring, so a burst of requests would each spend the refresh
 * token (test/slack/oauth/two-workspaces.test.ts, "token rotation"). Here
 * requests that find a refresh under way wait for it, then read the new
 * token. Per process: two instances may each refresh once, which Slack allows.
 */
import type { Authorize, AuthorizeSourceData } from '@slack/bolt';
import type { Core } from '../../core/core.ts';
import { findSlackInstallation } from '../../core/slack-installations/find-slack-installation.ts';

/** InstallProvider's own window (detectExpiredOrExpiringTokens in @slack/oauth). */
const REFRESH_WINDOW_MS = 2 * 60 * 60 * 1000;

export function refreshOnce(core: Core, authorize: Authorize<boolean>): Authorize<boolean> {
  const refreshing = new Map<string, Promise<unknown>>();
  return async (source: AuthorizeSourceData<boolean>, body) => {
    const found = await findSlackInstallation(core, source);
    const expiring = found?.tokenExpiresAt && found.tokenExpiresAt.getTime() - Date.now() <= REFRESH_WINDOW_MS;
    if (!found || !expiring) return authorize(source, body);
    const running = refreshing.get(found.installationKey);
    if (running) {
      await running.catch(() => undefined);
      return authorize(source, body);
    }
    const attempt = authorize(source, body);
    refreshing.set(found.installationKey, attempt);
    try {
      return await attempt;
    } finally {
      refreshing.delete(found.installationKey);
    }
  };
}
