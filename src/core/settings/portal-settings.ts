/**
 * An account's settings as support people name them. Portal name, sender and
 * lifetimes live in Account columns (every message and page already reads
 * them from there); reply-to and the Slack channels live in Account.settings JSON.
 */
import type { Account } from '../accounts/account-view.ts';

export interface LinkLifetimes {
  /** Minutes an invite link works. */
  invite: number;
  login: number;
  code: number;
  reset: number;
}

export interface PortalSettings {
  portalName: string;
  portalUrl: string;
  /** null: EMAIL_FROM (the service's default sender) is used. */
  sender: { name: string | null; address: string } | null;
  replyTo: string | null;
  linkLifetimes: LinkLifetimes;
  /** Slack channel id of the account's daily digest; null: none (the default account falls back to STATS_CHANNEL). */
  digestChannel: string | null;
  /** Slack channel id for the account's delivery failures; null: none (the default account falls back to ALERTS_CHANNEL). */
  alertsChannel: string | null;
}

/** The Slack channels an account reports to, each a per-account setting. */
export const slackChannelSettings = ['digestChannel', 'alertsChannel'] as const;
export type SlackChannelSetting = (typeof slackChannelSettings)[number];

/**
 * A Slack channel id (C… or G…), as a channel picker, the API or the CLI gives
 * it; Slack's own `<#C123|name>` mention form is accepted too.
 * @returns the id, or undefined when the input is not one
 */
export function parseChannelId(input: string): string | undefined {
  const trimmed = input.trim();
  const id = /^<#([A-Z0-9]+)(\|[^>]*)?>$/.exec(trimmed)?.[1] ?? trimmed;
  return /^[CG][A-Z0-9]{2,20}$/.test(id) ? id : undefined;
}

/** Bounds on link lifetimes, in minutes: long enough to be usable, short enough that a forwarded email goes stale. */
export const lifetimeBounds: Record<keyof LinkLifetimes, { min: number; max: number }> = {
  invite: { min: 60, max: 30 * 24 * 60 },
  login: { min: 5, max: 7 * 24 * 60 },
  code: { min: 1, max: 60 },
  reset: { min: 5, max: 24 * 60 },
};

/** `Name <address>` or a bare address, as EMAIL_FROM takes it. */
export function parseSender(from: string | null): PortalSettings['sender'] {
  if (!from) return null;
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(from);
  if (match) return { name: match[1]!.replace(/^"|"$/g, '') || null, address: match[2]! };
  return { name: null, address: from.trim() };
}

export function formatSender(sender: { name: string | null; address: string }): string {
  // Quoted when the name holds characters that are special in an address header.
  const name =
    sender.name && /[(),.:;<>@[\]"]/.test(sender.name) ? `"${sender.name.replace(/["\\]/g, '')}"` : sender.name;
  return name ? `${name} <${sender.address}>` : sender.address;
}

export function settingsOf(account: Account): PortalSettings {
  const replyTo = typeof account.settings.replyTo === 'string' ? account.settings.replyTo : null;
  const channel = (key: SlackChannelSetting) =>
    typeof account.settings[key] === 'string' ? (account.settings[key] as string) : null;
  return {
    portalName: account.name,
    portalUrl: account.portalUrl,
    sender: parseSender(account.emailFrom),
    replyTo,
    linkLifetimes: {
      invite: account.inviteTtlMinutes,
      login: account.loginTtlMinutes,
      code: account.codeTtlMinutes,
      reset: account.resetTtlMinutes,
    },
    digestChannel: channel('digestChannel'),
    alertsChannel: channel('alertsChannel'),
  };
}
