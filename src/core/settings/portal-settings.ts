/**
 * An account's settings as support people name them. Portal name, sender and
 * lifetimes live in Account columns (every message and page already reads
 * them from there); reply-to lives in Account.settings JSON.
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
  };
}
