import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { AccountSettings } from '../accounts/account-view.ts';
import { automationOf, type AutomationChannel, type AutomationSettings } from './get-automation-settings.ts';
import type { Actor } from '../audit/actor.ts';

export interface UpdateAutomationSettingsOptions {
  accountId: string;
  accessGranted: {
    /** undefined keeps the current switch. */
    enabled?: boolean;
    /** undefined keeps the current channels; an empty list is refused (switch it off instead). */
    channels?: AutomationChannel[];
  };
  actor: Actor;
}

/**
 * Switches the "access granted" automation on or off and chooses its channels.
 * Other settings in the account's JSON are kept as they are.
 */
export async function updateAutomationSettings(
  core: Core,
  options: UpdateAutomationSettingsOptions,
): Promise<AutomationSettings> {
  const channels = options.accessGranted.channels;
  if (channels !== undefined) {
    if (channels.length === 0)
      throw invalidInput('choose at least one channel (email, sms), or switch the automation off');
    const unknown = channels.filter((c) => c !== 'email' && c !== 'sms');
    if (unknown.length > 0) throw invalidInput(`unknown channel(s) ${unknown.join(', ')}: use email or sms`);
  }
  return core.db.$transaction(async (tx) => {
    const row = await tx.account.findUnique({ where: { id: options.accountId }, select: { settings: true } });
    if (!row) throw new AppError('account_not_found', `no account ${options.accountId}`);
    const settings = JSON.parse(row.settings) as AccountSettings;
    const current = automationOf(settings).accessGranted;
    const next = {
      enabled: options.accessGranted.enabled ?? current.enabled,
      channels: channels ? [...new Set(channels)] : current.channels,
    };
    const updated: AccountSettings = { ...settings, automation: { ...settings.automation, accessGranted: next } };
    await tx.account.update({ where: { id: options.accountId }, data: { settings: JSON.stringify(updated) } });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'automation.updated',
      subject: `account:${options.accountId}`,
      metadata: { accessGranted: next },
      at: core.now(),
    });
    return { accessGranted: next };
  });
}
