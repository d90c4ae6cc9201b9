import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseGrantTarget } from './grant-target.ts';
import { toGrant, type Grant } from './grant-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface RevokeAccessOptions {
  accountId: string;
  contactId: string;
  kind: string;
  resourceName?: string;
  actor: Actor;
}

/** @throws AppError grant_not_found when the contact does not have this access. */
export async function revokeAccess(core: Core, options: RevokeAccessOptions): Promise<Grant> {
  const { kind, resourceId, resourceName } = parseGrantTarget(options.kind, options.resourceName);
  return core.db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({
      where: { id: options.contactId, accountId: options.accountId },
      select: { id: true },
    });
    if (!contact) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
    const now = core.now();
    const { count } = await tx.accessGrant.updateMany({
      where: { contactId: contact.id, kind, resourceId, revokedAt: null },
      data: { revokedAt: now, revokedBy: options.actor },
    });
    if (count === 0)
      throw new AppError(
        'grant_not_found',
        `this contact has no ${kind === 'affiliate' ? 'affiliate access' : `${kind} "${resourceName}"`}`,
      );
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'access.revoked',
      subject: contactRef(contact.id),
      metadata: { kind, resourceId, resourceName },
      at: now,
    });
    const row = await tx.accessGrant.findUniqueOrThrow({
      where: { contactId_kind_resourceId: { contactId: contact.id, kind, resourceId } },
    });
    return toGrant(row);
  });
}
