/** An account as the rest of the code sees it (settings parsed). */
export interface Account {
  id: string;
  slug: string;
  name: string;
  portalUrl: string;
  /** Custom domain the portal is served at (lower-case host), or null. */
  domain: string | null;
  emailFrom: string | null;
  smsFrom: string | null;
  inviteTtlMinutes: number;
  loginTtlMinutes: number;
  resetTtlMinutes: number;
  codeTtlMinutes: number;
  codeMaxAttempts: number;
  settings: AccountSettings;
  /** Set when an operator archived the account: no new invites or links. */
  archivedAt: Date | null;
  createdAt: Date;
}

export interface AccountSettings {
  automation?: { accessGranted?: { enabled: boolean; channels: Array<'email' | 'sms'> } };
  [key: string]: unknown;
}

export function toAccount(row: Omit<Account, 'settings'> & { settings: string }): Account {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    portalUrl: row.portalUrl,
    domain: row.domain,
    emailFrom: row.emailFrom,
    smsFrom: row.smsFrom,
    inviteTtlMinutes: row.inviteTtlMinutes,
    loginTtlMinutes: row.loginTtlMinutes,
    resetTtlMinutes: row.resetTtlMinutes,
    codeTtlMinutes: row.codeTtlMinutes,
    codeMaxAttempts: row.codeMaxAttempts,
    settings: JSON.parse(row.settings) as AccountSettings,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
  };
}
