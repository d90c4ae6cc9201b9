import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { markReactivated } from '../contacts/portal-status.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { readLifecycleSubject } from './end-contact-access.ts';

export interface ReactivateContactOptions {
  accountId: string;
  contactId: string;
  actor: Actor;
}

/**
 * Turns a deactivated contact's access back on: active if they had signed in
 * before, otherwise invited (or none if never invited). Old links stay
 * revoked; send a new one. Reactivating a contact that is not deactivated
 * changes nothing.
 * @throws AppError contact_not_found
 */
export async function reactivateContact(
  core: Core,
  options: ReactivateContactOptions,
): Promise<{ contact: Contact; changed: boolean }> {
  return core.db.$transaction(async (tx) => {
    const now = core.now();
    const subject = await readLifecycleSubject(tx, options.accountId, options.contactId);
    const status = await markReactivated(tx, subject, now);
    if (status) {
      // The ended sessions were kept only to tell the browser why; they never come back.
      await tx.session.deleteMany({ where: { contactId: subject.id, endedAt: { not: null } } });
      await recordAuditEvent(core, tx, {
        accountId: options.accountId,
        actor: options.actor,
        action: 'contact.reactivated',
        subject: contactRef(subject.id),
        metadata: { status },
        at: now,
      });
    }
    const row = await tx.contact.findUniqueOrThrow({ where: { id: subject.id } });
    return { contact: toContact(row), changed: status !== null };
  });
}
