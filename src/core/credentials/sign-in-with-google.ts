import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import type { GoogleIdentity } from './verify-google-id-token.ts';
import { recordSignIn } from './record-sign-in.ts';
import { contactRef } from '../audit/actor.ts';

/**
 * Signs in the contact a verified Google identity belongs to: by the Google
 * subject remembered from an earlier sign-in, else by a verified email, which
 * links the two from then on. Google never creates contacts: the portal is by
 * invitation.
 * @throws AppError unauthorized (no contact for this Google account)
 */
export async function signInWithGoogle(
  core: Core,
  options: { accountId: string; identity: GoogleIdentity },
): Promise<{ contact: Contact; firstSignIn: boolean }> {
  const { identity, accountId } = options;
  let row = await core.db.contact.findUnique({
    where: { accountId_googleSubject: { accountId, googleSubject: identity.subject } },
  });
  let linked = false;
  if (!row && identity.email && identity.emailVerified) {
    row = await core.db.contact.findUnique({ where: { accountId_email: { accountId, email: identity.email } } });
    if (row?.googleSubject) row = null; // that contact is linked to another Google account
    linked = row !== null;
  }
  if (!row) throw new AppError('unauthorized', 'there is no portal account for this Google account');
  const contactId = row.id;
  const firstSignIn = await core.db.$transaction(async (tx) => {
    if (linked) {
      await tx.contact.update({ where: { id: contactId }, data: { googleSubject: identity.subject } });
      await recordAuditEvent(core, tx, {
        accountId,
        actor: contactRef(contactId),
        action: 'google.linked',
        subject: contactRef(contactId),
        at: core.now(),
      });
    }
    return recordSignIn(core, tx, { accountId, contactId, method: 'google' });
  });
  const contact = await core.db.contact.findUniqueOrThrow({ where: { id: contactId } });
  return { contact: toContact(contact), firstSignIn };
}
