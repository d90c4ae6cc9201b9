import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AppError } from '../shared/errors.ts';

/**
 * "Revoke all links": every unused link and code of a contact stops working
 * at once (e.g. one was forwarded to the wrong person). Sessions stay.
 * @throws AppError contact_not_found
 */
export async function revokeContactLinks(
  core: Core,
  options: { accountId: string; contactId: string; actor: Actor },
): Promise<{ linksRevoked: number }> {
  return core.db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({
      where: { id: options.contactId, accountId: options.accountId },
      select: { id: true },
    });
    if (!contact) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
    const now = core.now();
    const { count } = await tx.loginToken.updateMany({
      where: { contactId: contact.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'links.revoked',
      subject: contactRef(contact.id),
      metadata: { linksRevoked: count },
      at: now,
    });
    return { linksRevoked: count };
  });
}
