export type PortalStatus = 'none' | 'invited' | 'active' | 'deactivated';

/** What the table row and the view share, as stored. */
interface ContactFields {
  id: string;
  accountId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  invitedAt: Date | null;
  activatedAt: Date | null;
  lastLoginAt: Date | null;
  /** Optional: rows read by hand-written statements that predate it leave it out. */
  deactivatedAt?: Date | null;
  createdAt: Date;
}

/** A contact as transports see it: never the password hash. */
export interface Contact extends ContactFields {
  status: PortalStatus;
  hasPassword: boolean;
  smsOptedOut: boolean;
}

export interface ContactRow extends ContactFields {
  status: string;
  passwordHash: string | null;
  smsOptedOutAt: Date | null;
}

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    accountId: row.accountId,
    email: row.email,
    phone: row.phone,
    firstName: row.firstName,
    lastName: row.lastName,
    status: row.status as PortalStatus,
    invitedAt: row.invitedAt,
    activatedAt: row.activatedAt,
    lastLoginAt: row.lastLoginAt,
    deactivatedAt: row.deactivatedAt ?? null,
    hasPassword: row.passwordHash !== null,
    smsOptedOut: row.smsOptedOutAt !== null,
    createdAt: row.createdAt,
  };
}

export function displayName(contact: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.email || contact.phone || 'unknown contact';
}

/** Lower-cased "first last", the key of name-prefix search. */
export function nameKeyOf(firstName: string | null | undefined, lastName: string | null | undefined): string | null {
  const key = [firstName, lastName].filter(Boolean).join(' ').trim().toLowerCase();
  return key === '' ? null : key;
}
