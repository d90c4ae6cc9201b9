import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../shared/errors.ts';
import type { AccountSettings } from '../accounts/account-view.ts';

export type AutomationChannel = 'email' | 'sms';

export interface AutomationSettings {
  accessGranted: { enabled: boolean; channels: AutomationChannel[] };
}

/** Off, email: what an account has until someone switches it on. */
export const defaultAutomationSettings: AutomationSettings = { accessGranted: { enabled: false, channels: ['email'] } };

export function automationOf(settings: AccountSettings): AutomationSettings {
  const saved = settings.automation?.accessGranted;
  const channels = (saved?.channels ?? []).filter((c): c is AutomationChannel => c === 'email' || c === 'sms');
  return {
    accessGranted: {
      enabled: saved?.enabled === true,
      channels: channels.length > 0 ? [...new Set(channels)] : defaultAutomationSettings.accessGranted.channels,
    },
  };
}

/** @throws AppError account_not_found */
export async function getAutomationSettings(
  core: Core | { db: Tx },
  options: { accountId: string },
): Promise<AutomationSettings> {
  const row = await core.db.account.findUnique({ where: { id: options.accountId }, select: { settings: true } });
  if (!row) throw new AppError('account_not_found', `no account ${options.accountId}`);
  return automationOf(JSON.parse(row.settings) as AccountSettings);
}
