import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { cleanText } from '../shared/free-text.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nameKeyOf, toContact, type Contact } from './contact-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface UpdateContactNamesOptions {
  accountId: string;
  contactId: string;
  /** undefined keeps the name, null clears it. */
  firstName?: string | null;
  lastName?: string | null;
  actor: Actor;
}

export async function updateContactNames(core: Core, options: UpdateContactNamesOptions): Promise<Contact> {
  const first = { data: cleanText(options.firstName, { field: 'firstName' }) };
  const last = { data: cleanText(options.lastName, { field: 'lastName' }) };
  return core.db.$transaction(async (tx) => {
    const row = await tx.contact.findFirst({ where: { id: options.contactId, accountId: options.accountId } });
    if (!row) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
    const firstName = first.data === undefined ? row.firstName : first.data || null;
    const lastName = last.data === undefined ? row.lastName : last.data || null;
    const updated = await tx.contact.update({
      where: { id: row.id },
      data: { firstName, lastName, nameKey: nameKeyOf(firstName, lastName) },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'contact.renamed',
      subject: contactRef(row.id),
    });
    return toContact(updated);
  });
}
