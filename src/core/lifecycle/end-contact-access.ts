import type { AccessEndedReason, Core } from '../core.ts';
import { type Actor } from '../audit/actor.ts';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../shared/errors.ts';
import type { LifecycleSubject } from '../contacts/portal-status.ts';

/** The columns lifecycle changes read before acting (they are conditional on what was read). */
export const lifecycleColumns = {
  id: true,
  accountId: true,
  status: true,
  invitedAt: true,
  activatedAt: true,
  email: true,
  phone: true,
} as const;

/** Reads the contact a lifecycle change is about, in the change's transaction. @throws AppError contact_not_found */
export async function readLifecycleSubject(
  tx: Tx,
  accountId: string,
  contactId: string,
): Promise<LifecycleSubject & { email: string | null; phone: string | null }> {
  const row = await tx.contact.findFirst({ where: { id: contactId, accountId }, select: lifecycleColumns });
  if (!row) throw new AppError('contact_not_found', `no contact ${contactId}`);
  return row;
}

export interface EndedAccess {
  sessionsEnded: number;
  linksRevoked: number;
  messagesCancelled: number;
}

/**
 * Ends what lets a contact in, in the caller's transaction: their portal
 * sessions (marked ended with the reason, so the browser that comes back can
 * be told why), and with `revokeLinks` every unused link and code and every
 * queued message that would carry one. Then the contactAccessEnded hooks run,
 * for sign-in systems outside this table (OIDC).
 */
export async function endContactAccessInTx(
  core: Core,
  tx: Tx,
  options: {
    accountId: string;
    contactId: string;
    reason: AccessEndedReason;
    actor: Actor;
    revokeLinks: boolean;
    now: Date;
  },
): Promise<EndedAccess> {
  const { accountId, contactId, now } = options;
  const sessions = await tx.session.updateMany({
    where: { contactId, endedAt: null },
    data: { endedAt: now, endedReason: options.reason },
  });
  let linksRevoked = 0;
  let messagesCancelled = 0;
  if (options.revokeLinks) {
    ({ count: linksRevoked } = await tx.loginToken.updateMany({
      where: { contactId, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    }));
    // Only messages no worker holds: one being sent carries a link revoked just above.
    ({ count: messagesCancelled } = await tx.message.updateMany({
      where: { contactId, status: 'pending', channel: { in: ['email', 'sms'] } },
      data: {
        status: 'cancelled',
        lastError: `cancelled: contact ${options.reason === 'erased' ? 'erased' : 'deactivated'}`,
        nextAttemptAt: now,
      },
    }));
  }
  for (const hook of core.hooks.contactAccessEnded)
    await hook(core, tx, { accountId, contactId, reason: options.reason, actor: options.actor });
  return { sessionsEnded: sessions.count, linksRevoked, messagesCancelled };
}
