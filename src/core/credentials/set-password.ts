import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { endContactSessions } from '../sessions/end-contact-sessions.ts';
import { hashPassword, verifyPassword } from './password-hashing.ts';
import { passwordProblem } from './password-rules.ts';
import { contactRef } from '../audit/actor.ts';

export interface SetPasswordOptions {
  accountId: string;
  contactId: string;
  password: string;
  /** Required when the contact already has a password. */
  currentPassword?: string;
  /** The session (row id) that made the change stays signed in; every other one ends. */
  keepSessionId?: string;
}

/**
 * A signed-in contact sets their first password or changes it. Changing it
 * signs them out everywhere else.
 * @throws AppError invalid_input (rule broken: details.field says which), unauthorized (current password wrong)
 */
export async function setPassword(core: Core, options: SetPasswordOptions): Promise<void> {
  const contact = await core.db.contact.findFirst({ where: { id: options.contactId, accountId: options.accountId } });
  if (!contact) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
  if (contact.passwordHash && !(await verifyPassword(contact.passwordHash, options.currentPassword ?? ''))) {
    throw new AppError('unauthorized', 'your current password is not right', { field: 'currentPassword' });
  }
  const problem = passwordProblem(options.password, { email: contact.email });
  if (problem) throw new AppError('invalid_input', problem, { field: 'password' });
  const passwordHash = await hashPassword(options.password);
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.contact.update({ where: { id: contact.id }, data: { passwordHash, passwordSetAt: now } });
    const ended = await endContactSessions(core, { contactId: contact.id, exceptSessionId: options.keepSessionId, tx });
    const actor = contactRef(contact.id);
    await recordAuditEvent(core, tx, {
      accountId: contact.accountId,
      actor,
      action: contact.passwordHash ? 'password.changed' : 'password.set',
      subject: contactRef(contact.id),
      metadata: { sessionsEnded: ended },
      at: now,
    });
  });
}
