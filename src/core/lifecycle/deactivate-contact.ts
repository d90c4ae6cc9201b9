import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { markDeactivated } from '../contacts/portal-status.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { endContactAccessInTx, readLifecycleSubject, type EndedAccess } from './end-contact-access.ts';
import { retryOnStatusRace, StatusMovedMeanwhile } from './status-race.ts';

export interface DeactivateContactOptions {
  accountId: string;
  contactId: string;
  actor: Actor;
}

export interface DeactivateContactResult extends EndedAccess {
  contact: Contact;
  /** False when the contact was already deactivated (nothing changed, nothing audited). */
  changed: boolean;
}

/**
 * Turns a contact's access off: status deactivated (counters moved in the
 * same transaction), every session ended, every unused link and code revoked,
 * queued messages cancelled. Sign-in is refused until reactivation.
 * Deactivating a deactivated contact changes nothing.
 * @throws AppError contact_not_found
 */
export async function deactivateContact(
  core: Core,
  options: DeactivateContactOptions,
): Promise<DeactivateContactResult> {
  return retryOnStatusRace(() =>
    core.db.$transaction(async (tx) => {
      const now = core.now();
      const subject = await readLifecycleSubject(tx, options.accountId, options.contactId);
      const changed = await markDeactivated(tx, subject, now);
      if (!changed && subject.status !== 'deactivated') throw new StatusMovedMeanwhile();
      // Even when already deactivated, nothing may stay live (e.g. a link minted in a race before this).
      const ended = await endContactAccessInTx(core, tx, { ...options, reason: 'deactivated', revokeLinks: true, now });
      if (changed) {
        await recordAuditEvent(core, tx, {
          accountId: options.accountId,
          actor: options.actor,
          action: 'contact.deactivated',
          subject: contactRef(subject.id),
          metadata: { previousStatus: subject.status, ...ended },
          at: now,
        });
      }
      const row = await tx.contact.findUniqueOrThrow({ where: { id: subject.id } });
      return { contact: toContact(row), changed, ...ended };
    }),
  );
}
