import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import { markSignedIn } from '../contacts/portal-status.ts';
import { AppError } from '../shared/errors.ts';
import { contactRef } from '../audit/actor.ts';

export type SignInMethod = 'password' | 'code' | 'google';

/**
 * What every sign-in that is not a link redemption records, in the caller's
 * transaction: lastLoginAt, the first sign-in's status change and counters,
 * a reset of the failure count, and the audit trail.
 * @returns true when this sign-in made the contact active.
 * @throws AppError contact_deactivated: access is turned off (checked after the password or code, so it says nothing to a guesser).
 */
export async function recordSignIn(
  core: Core,
  tx: Tx,
  options: { accountId: string; contactId: string; method: SignInMethod; linkId?: string },
): Promise<boolean> {
  const now = core.now();
  const contact = await tx.contact.findUniqueOrThrow({
    where: { id: options.contactId },
    select: { id: true, accountId: true, status: true, invitedAt: true },
  });
  if (contact.status === 'deactivated')
    throw new AppError('contact_deactivated', 'access to this portal is turned off for this contact', {
      contactId: contact.id,
    });
  const firstSignIn = await markSignedIn(tx, contact, now);
  const actor = contactRef(options.contactId);
  const subject = contactRef(options.contactId);
  await recordAuditEvents(core, tx, [
    {
      accountId: options.accountId,
      actor,
      action: 'contact.signed_in',
      subject,
      metadata: { method: options.method, linkId: options.linkId, firstSignIn },
      at: now,
    },
    ...(firstSignIn ? [{ accountId: options.accountId, actor, action: 'contact.activated', subject, at: now }] : []),
  ]);
  return firstSignIn;
}
