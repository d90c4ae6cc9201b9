import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { redeemLink } from '../links/redeem-link.ts';
import { inspectLink } from '../links/inspect-link.ts';
import { endContactSessions } from '../sessions/end-contact-sessions.ts';
import { hashPassword } from './password-hashing.ts';
import { passwordProblem } from './password-rules.ts';
import { contactRef } from '../audit/actor.ts';

export interface ResetPasswordOptions {
  /** The token of a reset link (purpose "reset"). */
  token: string;
  /** The account whose portal the link was opened on; another account's link is unknown here. */
  accountId: string;
  password: string;
}

/**
 * Sets a new password with a one-time reset link and signs the contact out
 * everywhere. The password is checked before the link is spent, so a refused
 * password leaves the link usable for a second try.
 * @throws AppError link_unknown | link_expired | link_used | link_revoked, invalid_input (details.field = "password")
 */
export async function resetPassword(
  core: Core,
  options: ResetPasswordOptions,
): Promise<{ contactId: string; accountId: string }> {
  const link = await inspectLink(core, { token: options.token, accountId: options.accountId, purposes: ['reset'] });
  if (link.state !== 'live') throw link.error;
  const problem = passwordProblem(options.password, { email: link.contact.email });
  if (problem) throw new AppError('invalid_input', problem, { field: 'password' });
  const passwordHash = await hashPassword(options.password);
  const redeemed = await redeemLink(core, { token: options.token, accountId: options.accountId, purposes: ['reset'] });
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.contact.update({
      where: { id: redeemed.contact.id },
      data: { passwordHash, passwordSetAt: now, failedSignIns: 0 },
    });
    const ended = await endContactSessions(core, { contactId: redeemed.contact.id, tx });
    await recordAuditEvent(core, tx, {
      accountId: redeemed.accountId,
      actor: contactRef(redeemed.contact.id),
      action: 'password.reset',
      subject: contactRef(redeemed.contact.id),
      metadata: { linkId: redeemed.linkId, sessionsEnded: ended },
      at: now,
    });
  });
  return { contactId: redeemed.contact.id, accountId: redeemed.accountId };
}
