import { cleanText } from '../shared/free-text.ts';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseAddress } from './parse-address.ts';
import { nameKeyOf, toContact, type Contact } from './contact-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface UpsertContactOptions {
  accountId: string;
  email?: string;
  phone?: string;
  /** undefined keeps the name of an existing contact. */
  firstName?: string;
  lastName?: string;
  actor: Actor;
}

export interface UpsertContactResult {
  contact: Contact;
  created: boolean;
  /**
   * Fields of an existing contact this call changed: never silent, so a
   * caller sees when an email or phone was filled in. (An address a contact
   * already has is never replaced: that is PATCH /contacts/{id}.)
   */
  changed: string[];
}

/**
 * Finds a contact by email (then by phone) and updates it, or creates it: how
 * a checkout or CRM keeps the portal's contacts in step without first asking
 * whether one exists. An existing contact gets a missing email or phone filled
 * in; an address it already has is never replaced (that is a different person
 * as far as the portal knows).
 * @throws AppError invalid_input, conflict (email and phone belong to two contacts, or the contact has another address)
 */
export async function upsertContact(core: Core, options: UpsertContactOptions): Promise<UpsertContactResult> {
  const email = options.email?.trim() ? parseKind(options.email, 'email') : null;
  const phone = options.phone?.trim() ? parseKind(options.phone, 'phone') : null;
  if (!email && !phone) throw invalidInput('a contact needs an email or a phone number');
  // Cleaned once, up front: '' stays '' (clears the name), undefined stays undefined (keeps it).
  const firstName =
    options.firstName === undefined ? undefined : (cleanText(options.firstName, { field: 'firstName' }) ?? '');
  const lastName =
    options.lastName === undefined ? undefined : (cleanText(options.lastName, { field: 'lastName' }) ?? '');
  const attempt = () =>
    core.db.$transaction((tx) => upsertInTx(core, tx, { ...options, firstName, lastName, email, phone }));
  try {
    return await attempt();
  } catch (error) {
    // Two requests creating the same contact at once: the loser finds the winner's row.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

async function upsertInTx(
  core: Core,
  tx: Tx,
  options: Omit<UpsertContactOptions, 'email' | 'phone'> & { email: string | null; phone: string | null },
): Promise<UpsertContactResult> {
  const { accountId, email, phone } = options;
  const byEmail = email ? await tx.contact.findUnique({ where: { accountId_email: { accountId, email } } }) : null;
  const byPhone = phone ? await tx.contact.findUnique({ where: { accountId_phone: { accountId, phone } } }) : null;
  if (byEmail && byPhone && byEmail.id !== byPhone.id) {
    throw new AppError('conflict', `${email} and ${phone} belong to two different contacts`, {
      emailContactId: byEmail.id,
      phoneContactId: byPhone.id,
    });
  }
  const existing = byEmail ?? byPhone;
  const now = core.now();
  if (!existing) {
    const firstName = options.firstName?.trim() || null;
    const lastName = options.lastName?.trim() || null;
    const row = await tx.contact.create({
      data: {
        id: newId(),
        accountId,
        email,
        phone,
        firstName,
        lastName,
        nameKey: nameKeyOf(firstName, lastName),
        createdAt: now,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId,
      actor: options.actor,
      action: 'contact.created',
      subject: contactRef(row.id),
      at: now,
    });
    return { contact: toContact(row), created: true, changed: [] };
  }
  if (email && existing.email && existing.email !== email)
    throw new AppError('conflict', `this contact's email is already ${existing.email}`, { contactId: existing.id });
  if (phone && existing.phone && existing.phone !== phone)
    throw new AppError('conflict', `this contact's phone is already ${existing.phone}`, { contactId: existing.id });
  const firstName = options.firstName === undefined ? existing.firstName : options.firstName.trim() || null;
  const lastName = options.lastName === undefined ? existing.lastName : options.lastName.trim() || null;
  const changes = {
    email: existing.email ?? email,
    phone: existing.phone ?? phone,
    firstName,
    lastName,
  };
  const changed = (Object.keys(changes) as Array<keyof typeof changes>).filter((key) => changes[key] !== existing[key]);
  if (changed.length === 0) return { contact: toContact(existing), created: false, changed };
  const row = await tx.contact.update({
    where: { id: existing.id },
    data: { ...changes, nameKey: nameKeyOf(firstName, lastName) },
  });
  await recordAuditEvent(core, tx, {
    accountId,
    actor: options.actor,
    action: 'contact.updated',
    subject: contactRef(row.id),
    metadata: { changed },
    at: now,
  });
  return { contact: toContact(row), created: false, changed };
}

function parseKind(input: string, kind: 'email' | 'phone'): string {
  const parsed = parseAddress(input);
  if (!parsed.ok)
    throw invalidInput(`${parsed.input}: ${parsed.reason}`, [{ input: parsed.input, reason: parsed.reason }]);
  if (parsed.address.kind !== kind)
    throw invalidInput(`${input}: not ${kind === 'email' ? 'an email address' : 'a phone number'}`, [
      { input, reason: `not ${kind === 'email' ? 'an email address' : 'a phone number'}` },
    ]);
  return parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
