/**
 * The only place a contact's portal status changes. Each change is a
 * conditional update (so concurrent changes cannot double-count) plus the
 * matching change to the account's counters and the per-day invite counts, in
 * the caller's transaction. That is what keeps stats O(1) in the number of
 * contacts (src/core/stats/count-portal-users.ts).
 */
import type { Tx } from '../../db/client.ts';

/** UTC day key used by InviteDayCount. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

async function addInviteDay(tx: Tx, accountId: string, day: string, delta: number): Promise<void> {
  // Atomic on both databases (no read-then-insert race on a day's first invite).
  await tx.$executeRaw`
    INSERT INTO "InviteDayCount" ("accountId", "day", "count") VALUES (${accountId}, ${day}, ${delta})
    ON CONFLICT ("accountId", "day") DO UPDATE SET "count" = "InviteDayCount"."count" + excluded."count"`;
}

/**
 * none -> invited, for any number of contacts at once: one conditional
 * update, then the counters by the number that actually changed. An invited
 * contact keeps its first invitedAt (so "invited more than 7 days ago and
 * never active" stays true across reminders); an active contact stays active.
 * @returns how many contacts became invited now.
 */
export async function markManyInvited(tx: Tx, accountId: string, contactIds: string[], now: Date): Promise<number> {
  if (contactIds.length === 0) return 0;
  const { count } = await tx.contact.updateMany({ where: { id: { in: contactIds }, accountId, status: 'none' }, data: { status: 'invited', invitedAt: now } });
  if (count === 0) return 0;
  await tx.account.update({ where: { id: accountId }, data: { invitedCount: { increment: count } } });
  await addInviteDay(tx, accountId, dayKey(now), count);
  return count;
}

/** What markSignedIn needs to know of the contact, as the caller just read it. */
export interface SignInSubject {
  id: string;
  accountId: string;
  status: string;
  invitedAt: Date | null;
}

/**
 * Records a sign-in: lastLoginAt always; on the first one, invited|none -> active.
 * The status change is conditional on the status the caller read, so two
 * concurrent first sign-ins count the contact once.
 * @returns true when the contact became active now.
 */
export async function markSignedIn(tx: Tx, contact: SignInSubject, now: Date): Promise<boolean> {
  if (contact.status !== 'active') {
    const { count } = await tx.contact.updateMany({
      where: { id: contact.id, status: contact.status },
      data: { status: 'active', activatedAt: now, lastLoginAt: now, failedSignIns: 0 },
    });
    if (count === 1) {
      const wasInvited = contact.status === 'invited';
      await tx.account.update({
        where: { id: contact.accountId },
        data: { activeCount: { increment: 1 }, ...(wasInvited ? { invitedCount: { decrement: 1 } } : {}) },
      });
      if (wasInvited && contact.invitedAt) await addInviteDay(tx, contact.accountId, dayKey(contact.invitedAt), -1);
      return true;
    }
  }
  await tx.contact.update({ where: { id: contact.id }, data: { lastLoginAt: now, failedSignIns: 0 } });
  return false;
}
