import type { Core } from '../core.ts';
import { toApp, type App } from './app-view.ts';

export interface ListAppsOptions {
  accountId: string;
}

/** The account's active apps, oldest first. */
export async function listApps(core: Core, options: ListAppsOptions): Promise<App[]> {
  const rows = await core.db.oidcApp.findMany({
    where: { accountId: options.accountId, revokedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toApp);
}
