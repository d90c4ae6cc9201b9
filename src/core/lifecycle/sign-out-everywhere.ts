import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { endContactAccessInTx, readLifecycleSubject } from './end-contact-access.ts';

/**
 * Ends all of a contact's portal sessions (and, through the hook, other
 * sign-ins) without turning their access off: their next page asks them to
 * sign in again. Links already sent keep working.
 * @throws AppError contact_not_found
 */
export async function signOutEverywhere(
  core: Core,
  options: { accountId: string; contactId: string; actor: Actor },
): Promise<{ sessionsEnded: number }> {
  return core.db.$transaction(async (tx) => {
    const now = core.now();
    const subject = await readLifecycleSubject(tx, options.accountId, options.contactId);
    const { sessionsEnded } = await endContactAccessInTx(core, tx, {
      ...options,
      reason: 'signed_out_everywhere',
      revokeLinks: false,
      now,
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'contact.signed_out_everywhere',
      subject: contactRef(subject.id),
      metadata: { sessionsEnded },
      at: now,
    });
    return { sessionsEnded };
  });
}
