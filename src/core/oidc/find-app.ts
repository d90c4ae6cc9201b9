import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { toApp, type App } from './app-view.ts';

export interface FindAppOptions {
  accountId: string;
  /** The app's id (client_id) or its name, any case. */
  app: string;
  /** @default false */
  includeRevoked?: boolean;
}

/** @throws AppError not_found */
export async function findApp(core: Core, options: FindAppOptions): Promise<App> {
  const key = options.app.trim();
  const revoked = options.includeRevoked ? {} : { revokedAt: null };
  const row =
    (await core.db.oidcApp.findFirst({ where: { accountId: options.accountId, id: key, ...revoked } })) ??
    (await core.db.oidcApp.findFirst({
      where: { accountId: options.accountId, nameKey: key.toLowerCase(), ...revoked },
      orderBy: { createdAt: 'desc' },
    }));
  if (!row) throw new AppError('not_found', `no app "${key}": see apps list`);
  return toApp(row);
}
