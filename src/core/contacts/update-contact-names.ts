import { z } from 'zod';
import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nameKeyOf, toContact, type Contact } from './contact-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

const nameSchema = z.string().trim().max(100, 'names are at most 100 characters').nullable().optional();

export interface UpdateContactNamesOptions {
  accountId: string;
  contactId: string;
  /** undefined keeps the name, null clears it. */
  firstName?: string | null;
  lastName?: string | null;
  actor: Actor;
}

export async function updateContactNames(core: Core, options: UpdateContactNamesOptions): Promise<Contact> {
  const first = nameSchema.safeParse(options.firstName);
  const last = nameSchema.safeParse(options.lastName);
  if (!first.success || !last.success) throw invalidInput('names are at most 100 characters');
  return core.db.$transaction(async (tx) => {
    const row = await tx.contact.findFirst({ where: { id: options.contactId, accountId: options.accountId } });
    if (!row) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
    const firstName = first.data === undefined ? row.firstName : first.data || null;
    const lastName = last.data === undefined ? row.lastName : last.data || null;
    const updated = await tx.contact.update({ where: { id: row.id }, data: { firstName, lastName, nameKey: nameKeyOf(firstName, lastName) } });
    await recordAuditEvent(core, tx, { accountId: options.accountId, actor: options.actor, action: 'contact.renamed', subject: contactRef(row.id) });
    return toContact(updated);
  });
}
