import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import type { Tx } from '../../db/client.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseAddress } from './parse-address.ts';
import { maskValue } from './mask-value.ts';
import { nameKeyOf, toContact, type Contact } from './contact-view.ts';

export interface EditContactOptions {
  accountId: string;
  contactId: string;
  /** undefined keeps the value; null clears it (a contact keeps at least an email or a phone). */
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  actor: Actor;
}

export interface EditContactResult {
  contact: Contact;
  /** Fields whose value changed. */
  changed: Array<'email' | 'phone' | 'firstName' | 'lastName'>;
  /** Unused links sent to the old address, now revoked (with messages still queued to it). */
  linksRevoked: number;
  messagesCancelled: number;
}

/**
 * Corrects a contact's email, phone or names: the fix for "the link doesn't
 * work" when the address was mistyped. A new address must be valid and not
 * another contact's (409 conflict naming the field and that contact). Links
 * sent to a replaced address stop working and queued messages to it are
 * cancelled: they went, or would go, to the wrong person. The audit event
 * shows old and new addresses masked.
 * @throws AppError invalid_input (details.invalid names the field), conflict, contact_not_found
 */
export async function editContact(core: Core, options: EditContactOptions): Promise<EditContactResult> {
  const email =
    options.email === undefined || options.email === null ? options.email : parseField(options.email, 'email');
  const phone =
    options.phone === undefined || options.phone === null ? options.phone : parseField(options.phone, 'phone');
  const firstName = nameField(options.firstName, 'firstName');
  const lastName = nameField(options.lastName, 'lastName');
  try {
    return await core.db.$transaction((tx) => editInTx(core, tx, { ...options, email, phone, firstName, lastName }));
  } catch (error) {
    // Another request took the address between our check and our write.
    if ((error as { code?: unknown }).code === 'P2002')
      throw new AppError('conflict', 'that email or phone was just given to another contact', {
        field: email ? 'email' : 'phone',
      });
    throw error;
  }
}

async function editInTx(core: Core, tx: Tx, options: EditContactOptions): Promise<EditContactResult> {
  const row = await tx.contact.findFirst({ where: { id: options.contactId, accountId: options.accountId } });
  if (!row) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
  const next = {
    email: options.email === undefined ? row.email : options.email,
    phone: options.phone === undefined ? row.phone : options.phone,
    firstName: options.firstName === undefined ? row.firstName : options.firstName,
    lastName: options.lastName === undefined ? row.lastName : options.lastName,
  };
  if (!next.email && !next.phone)
    throw invalidInput('a contact needs an email or a phone number', [
      { input: 'email', reason: 'cannot clear both email and phone' },
    ]);
  const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => next[key] !== row[key]);
  if (changed.length === 0) return { contact: toContact(row), changed, linksRevoked: 0, messagesCancelled: 0 };
  for (const field of ['email', 'phone'] as const) {
    const value = next[field];
    if (!changed.includes(field) || !value) continue;
    const other = await tx.contact.findFirst({
      where: { accountId: options.accountId, [field]: value, id: { not: row.id } },
      select: { id: true },
    });
    if (other)
      throw new AppError('conflict', `${field} ${value} already belongs to another contact (${other.id})`, {
        field,
        contactId: other.id,
      });
  }
  const now = core.now();
  const replacedChannels = (['email', 'phone'] as const)
    .filter((field) => changed.includes(field) && row[field] !== null)
    .map((field) => (field === 'email' ? 'email' : 'sms'));
  let linksRevoked = 0;
  let messagesCancelled = 0;
  if (replacedChannels.length > 0) {
    ({ count: linksRevoked } = await tx.loginToken.updateMany({
      where: {
        contactId: row.id,
        sentVia: { in: replacedChannels },
        usedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
      },
      data: { revokedAt: now },
    }));
    const oldAddresses = replacedChannels.map((channel) => (channel === 'email' ? row.email! : row.phone!));
    ({ count: messagesCancelled } = await tx.message.updateMany({
      where: { contactId: row.id, status: 'pending', toAddress: { in: oldAddresses } },
      data: { status: 'cancelled', lastError: 'cancelled: the address was corrected' },
    }));
  }
  const updated = await tx.contact.update({
    where: { id: row.id },
    data: { ...next, nameKey: nameKeyOf(next.firstName, next.lastName) },
  });
  const changes: Record<string, unknown> = {};
  for (const field of ['email', 'phone'] as const) {
    if (changed.includes(field))
      changes[field] = { from: maskValue(field, row[field]), to: maskValue(field, next[field]) };
  }
  await recordAuditEvent(core, tx, {
    accountId: options.accountId,
    actor: options.actor,
    action: 'contact.edited',
    subject: contactRef(row.id),
    metadata: { changed, ...changes, linksRevoked, messagesCancelled },
    at: now,
  });
  return { contact: toContact(updated), changed, linksRevoked, messagesCancelled };
}

function parseField(input: string, field: 'email' | 'phone'): string {
  const parsed = parseAddress(input);
  const what = field === 'email' ? 'an email address' : 'a phone number with its country code, e.g. +14155550123';
  if (!parsed.ok) throw invalidInput(`${field}: ${parsed.reason}`, [{ input: field, reason: parsed.reason }]);
  if (parsed.address.kind !== field)
    throw invalidInput(`${field}: not ${what}`, [{ input: field, reason: `not ${what}` }]);
  return parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone;
}

function nameField(value: string | null | undefined, field: 'firstName' | 'lastName'): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed.length > 100)
    throw invalidInput(`${field}: at most 100 characters`, [{ input: field, reason: 'at most 100 characters' }]);
  return trimmed || null;
}
