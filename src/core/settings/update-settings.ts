import type { Core } from '../core.ts';
import { type Actor } from '../audit/actor.ts';
import { AppError, type InvalidEntry } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { toAccount, type AccountSettings } from '../accounts/account-view.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import {
  formatSender,
  lifetimeBounds,
  parseChannelId,
  settingsOf,
  slackChannelSettings,
  type LinkLifetimes,
  type PortalSettings,
} from './portal-settings.ts';

export interface UpdateSettingsOptions {
  accountId: string;
  portalName?: string;
  /** null goes back to EMAIL_FROM. */
  sender?: { name?: string | null; address: string } | null;
  /** null removes it. */
  replyTo?: string | null;
  linkLifetimes?: Partial<LinkLifetimes>;
  /** Slack channel id of the daily digest; null removes it. */
  digestChannel?: string | null;
  /** Slack channel id for delivery failure alerts; null removes it. */
  alertsChannel?: string | null;
  actor: Actor;
}

/**
 * Changes what is given, keeps the rest. Every field is checked before
 * anything is written; the error lists each bad field (details.invalid).
 * @throws AppError invalid_input
 */
export async function updateSettings(core: Core, options: UpdateSettingsOptions): Promise<PortalSettings> {
  const invalid: InvalidEntry[] = [];
  const data: Record<string, string | number | null> = {};
  const changed: string[] = [];
  if (options.portalName !== undefined) {
    const name = options.portalName.replace(/\s+/g, ' ').trim();
    if (name.length < 1 || name.length > 80)
      invalid.push({ input: 'portalName', reason: 'between 1 and 80 characters' });
    else (data.name = name), changed.push('portalName');
  }
  if (options.sender !== undefined) {
    if (options.sender === null) (data.emailFrom = null), changed.push('sender');
    else {
      const address = emailOf(options.sender.address);
      const name =
        options.sender.name
          ?.replace(/[\r\n<>"]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim() || null;
      if (!address)
        invalid.push({ input: 'sender.address', reason: `"${options.sender.address}" is not an email address` });
      else if (name && name.length > 80) invalid.push({ input: 'sender.name', reason: 'at most 80 characters' });
      else (data.emailFrom = formatSender({ name, address })), changed.push('sender');
    }
  }
  let replyTo: string | null | undefined;
  if (options.replyTo !== undefined) {
    replyTo = options.replyTo === null || options.replyTo.trim() === '' ? null : emailOf(options.replyTo);
    if (replyTo === undefined)
      invalid.push({ input: 'replyTo', reason: `"${options.replyTo}" is not an email address` });
    else changed.push('replyTo');
  }
  // Kept in Account.settings JSON beside replyTo; '' clears like null.
  const jsonSettings: Record<string, string | null> = {};
  if (replyTo !== undefined) jsonSettings.replyTo = replyTo;
  for (const key of slackChannelSettings) {
    const given = options[key];
    if (given === undefined) continue;
    const id = given === null || given.trim() === '' ? null : parseChannelId(given);
    if (id === undefined) invalid.push({ input: key, reason: `"${given}" is not a Slack channel id (C… or G…)` });
    else (jsonSettings[key] = id), changed.push(key);
  }
  const columns: Record<keyof LinkLifetimes, string> = {
    invite: 'inviteTtlMinutes',
    login: 'loginTtlMinutes',
    code: 'codeTtlMinutes',
    reset: 'resetTtlMinutes',
  };
  for (const [kind, minutes] of Object.entries(options.linkLifetimes ?? {}) as Array<
    [keyof LinkLifetimes, number | undefined]
  >) {
    if (minutes === undefined) continue;
    const bounds = lifetimeBounds[kind];
    if (!bounds)
      invalid.push({ input: `linkLifetimes.${kind}`, reason: 'unknown link kind: invite, login, code or reset' });
    else if (!Number.isInteger(minutes) || minutes < bounds.min || minutes > bounds.max)
      invalid.push({ input: `linkLifetimes.${kind}`, reason: `whole minutes from ${bounds.min} to ${bounds.max}` });
    else (data[columns[kind]] = minutes), changed.push(`linkLifetimes.${kind}`);
  }
  if (invalid.length > 0)
    throw new AppError(
      'invalid_input',
      `settings refused: ${invalid.map((i) => `${i.input}: ${i.reason}`).join('; ')}`,
      { invalid },
    );
  return core.db.$transaction(async (tx) => {
    const row = await tx.account.findUnique({ where: { id: options.accountId } });
    if (!row) throw new AppError('account_not_found', `no account ${options.accountId}`);
    if (Object.keys(jsonSettings).length > 0) {
      const settings = JSON.parse(row.settings) as AccountSettings;
      data.settings = JSON.stringify({ ...settings, ...jsonSettings });
    }
    const updated = changed.length ? await tx.account.update({ where: { id: options.accountId }, data }) : row;
    if (changed.length)
      await recordAuditEvent(core, tx, {
        accountId: options.accountId,
        actor: options.actor,
        action: 'settings.updated',
        subject: `account:${options.accountId}`,
        metadata: { changed },
        at: core.now(),
      });
    return settingsOf(toAccount(updated));
  });
}

function emailOf(input: string): string | undefined {
  const parsed = parseAddress(input);
  return parsed.ok && parsed.address.kind === 'email' ? parsed.address.email : undefined;
}
