import { cleanText } from '../shared/free-text.ts';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import { parseAddress, type ContactAddress } from './parse-address.ts';
import { nameKeyOf, toContact, type Contact, type ContactRow } from './contact-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface FindOrCreateContactOptions {
  accountId: string;
  /** An email or phone number, as typed. */
  address: string;
  firstName?: string;
  lastName?: string;
  actor: Actor;
}

export interface FindOrCreateContactResult {
  contact: Contact;
  created: boolean;
}

/** @throws AppError invalid_input for an address that is neither a valid email nor an E.164 phone. */
export async function findOrCreateContact(
  core: Core,
  options: FindOrCreateContactOptions,
): Promise<FindOrCreateContactResult> {
  const parsed = parseAddress(options.address);
  if (!parsed.ok)
    throw invalidInput(`${parsed.input}: ${parsed.reason}`, [{ input: parsed.input, reason: parsed.reason }]);
  return core.db.$transaction((tx) =>
    findOrCreateContactRow(core, tx, { ...options, address: parsed.address, now: core.now() }),
  );
}

/** The same inside a caller's transaction, with an address already parsed. */
export async function findOrCreateContactRow(
  core: Core,
  tx: Tx,
  options: {
    accountId: string;
    address: ContactAddress;
    firstName?: string;
    lastName?: string;
    actor: Actor;
    now: Date;
  },
): Promise<FindOrCreateContactResult & { row: ContactRow }> {
  const [found] = await findOrCreateContactRows(core, tx, {
    accountId: options.accountId,
    entries: [options],
    actor: options.actor,
    now: options.now,
  });
  return { ...found!, contact: toContact(found!.row) };
}

export interface ContactEntry {
  address: ContactAddress;
  firstName?: string;
  lastName?: string;
}

/**
 * Finds or creates many contacts in the caller's transaction with a fixed
 * number of statements, in the order given. Entries must be distinct.
 */
export async function findOrCreateContactRows(
  core: Core,
  tx: Tx,
  options: { accountId: string; entries: ContactEntry[]; actor: Actor; now: Date },
): Promise<Array<{ row: ContactRow & { status: string }; created: boolean }>> {
  const keyOf = (address: ContactAddress) => (address.kind === 'email' ? address.email : address.phone);
  const emails = options.entries.flatMap((e) => (e.address.kind === 'email' ? [e.address.email] : []));
  const phones = options.entries.flatMap((e) => (e.address.kind === 'phone' ? [e.address.phone] : []));
  const existing = await tx.contact.findMany({
    where: { accountId: options.accountId, OR: [{ email: { in: emails } }, { phone: { in: phones } }] },
  });
  const byKey = new Map<string, (typeof existing)[number]>();
  for (const row of existing) {
    if (row.email) byKey.set(row.email, row);
    if (row.phone) byKey.set(row.phone, row);
  }
  const fresh = options.entries
    .filter((entry) => !byKey.has(keyOf(entry.address)))
    .map((entry) => {
      const firstName = cleanText(entry.firstName, { field: 'firstName' }) ?? null;
      const lastName = cleanText(entry.lastName, { field: 'lastName' }) ?? null;
      return {
        id: newId(),
        accountId: options.accountId,
        email: entry.address.kind === 'email' ? entry.address.email : null,
        phone: entry.address.kind === 'phone' ? entry.address.phone : null,
        firstName,
        lastName,
        nameKey: nameKeyOf(firstName, lastName),
        createdAt: options.now,
        updatedAt: options.now,
      };
    });
  if (fresh.length > 0) {
    await tx.contact.createMany({ data: fresh });
    await recordAuditEvents(
      core,
      tx,
      fresh.map((row) => ({
        accountId: options.accountId,
        actor: options.actor,
        action: 'contact.created',
        subject: contactRef(row.id),
        at: options.now,
      })),
    );
  }
  const created = new Set(fresh.map((row) => row.id));
  const freshByKey = new Map(fresh.map((row) => [(row.email ?? row.phone)!, row]));
  return options.entries.map((entry) => {
    const key = keyOf(entry.address);
    const found = byKey.get(key);
    if (found) return { row: found, created: false };
    const row = freshByKey.get(key)!;
    return {
      row: {
        ...row,
        status: 'none',
        invitedAt: null,
        activatedAt: null,
        lastLoginAt: null,
        passwordHash: null,
        smsOptedOutAt: null,
      },
      created: created.has(row.id),
    };
  });
}
