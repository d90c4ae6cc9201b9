import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseAddress, type ContactAddress } from './parse-address.ts';
import { nameKeyOf, toContact, type Contact, type ContactRow } from './contact-view.ts';

export interface FindOrCreateContactOptions {
  accountId: string;
  /** An email or phone number, as typed. */
  address: string;
  firstName?: string;
  lastName?: string;
  actor: string;
}

export interface FindOrCreateContactResult {
  contact: Contact;
  created: boolean;
}

/** @throws AppError invalid_input for an address that is neither a valid email nor an E.164 phone. */
export async function findOrCreateContact(core: Core, options: FindOrCreateContactOptions): Promise<FindOrCreateContactResult> {
  const parsed = parseAddress(options.address);
  if (!parsed.ok) throw invalidInput(`${parsed.input}: ${parsed.reason}`, [{ input: parsed.input, reason: parsed.reason }]);
  return core.db.$transaction((tx) => findOrCreateContactRow(tx, { ...options, address: parsed.address, now: core.now() }));
}

/** The same inside a caller's transaction, with an address already parsed. */
export async function findOrCreateContactRow(
  tx: Tx,
  options: { accountId: string; address: ContactAddress; firstName?: string; lastName?: string; actor: string; now: Date },
): Promise<FindOrCreateContactResult & { row: ContactRow }> {
  const where =
    options.address.kind === 'email'
      ? { accountId_email: { accountId: options.accountId, email: options.address.email } }
      : { accountId_phone: { accountId: options.accountId, phone: options.address.phone } };
  const existing = await tx.contact.findUnique({ where });
  if (existing) return { contact: toContact(existing), created: false, row: existing };
  const firstName = options.firstName?.trim() || null;
  const lastName = options.lastName?.trim() || null;
  const row = await tx.contact.create({
    data: {
      id: newId(),
      accountId: options.accountId,
      email: options.address.kind === 'email' ? options.address.email : null,
      phone: options.address.kind === 'phone' ? options.address.phone : null,
      firstName,
      lastName,
      nameKey: nameKeyOf(firstName, lastName),
      createdAt: options.now,
    },
  });
  await recordAuditEvent(tx, { accountId: options.accountId, actor: options.actor, action: 'contact.created', subject: `contact:${row.id}`, at: options.now });
  return { contact: toContact(row), created: true, row };
}
