import type { Core } from '../core.ts';
import { findAccount } from '../accounts/find-account.ts';
import { settingsOf, type PortalSettings } from './portal-settings.ts';

export async function getSettings(core: Core, options: { accountId: string }): Promise<PortalSettings> {
  return settingsOf(await findAccount(core, { id: options.accountId }));
}
