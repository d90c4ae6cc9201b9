import type { Core } from '../core.ts';
import { openInstallation, type SlackInstallation } from './installation-view.ts';

/** The workspace an account posts to outside requests (App Home, digest, progress): its latest live install, or null. */
export async function findAccountInstallation(
  core: Core,
  options: { accountId: string },
): Promise<SlackInstallation | null> {
  const row = await core.db.slackInstallation.findFirst({
    where: { accountId: options.accountId, uninstalledAt: null },
    orderBy: { installedAt: 'desc' },
  });
  return row ? openInstallation(core, row) : null;
}
