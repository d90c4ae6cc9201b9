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
 * none -> invited. An invited contact keeps its first invitedAt (so "invited
 * more than 7 days ago and never active" stays true across reminders); an
 * active contact stays active.
 * @returns true when the contact became invited now.
 */
export async function markInvited(tx: Tx, contact: { id: string; accountId: string }, now: Date): Promise<boolean> {
  const { count } = await tx.contact.updateMany({ where: { id: contact.id, status: 'none' }, data: { status: 'invited', invitedAt: now } });
  if (count === 0) return false;
  await tx.account.update({ where: { id: contact.accountId }, data: { invitedCount: { increment: 1 } } });
  await addInviteDay(tx, contact.accountId, dayKey(now), 1);
  return true;
}

/**
 * Records a sign-in: lastLoginAt always; on the first one, invited|none -> active.
 * @returns true when the contact became active now.
 */
export async function markSignedIn(tx: Tx, contact: { id: string; accountId: string }, now: Date): Promise<boolean> {
  const fromInvited = await tx.contact.findFirst({ where: { id: contact.id, status: 'invited' }, select: { invitedAt: true } });
  const { count } = await tx.contact.updateMany({
    where: { id: contact.id, status: { in: ['invited', 'none'] } },
    data: { status: 'active', activatedAt: now, lastLoginAt: now, failedSignIns: 0 },
  });
  if (count === 0) {
    await tx.contact.update({ where: { id: contact.id }, data: { lastLoginAt: now, failedSignIns: 0 } });
    return false;
  }
  const wasInvited = fromInvited !== null;
  await tx.account.update({
    where: { id: contact.accountId },
    data: { activeCount: { increment: 1 }, ...(wasInvited ? { invitedCount: { decrement: 1 } } : {}) },
  });
  if (wasInvited && fromInvited.invitedAt) await addInviteDay(tx, contact.accountId, dayKey(fromInvited.invitedAt), -1);
  return true;
}
