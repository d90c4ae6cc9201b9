/**
 * The only place a contact's portal status changes. Each change is a
 * conditional update (so concurrent changes cannot double-count) plus the
 * matching change to the account's counters and the per-day invite counts, in
 * the caller's transaction. That is what keeps stats O(1) in the number of
 * contacts (src/core/stats/count-portal-users.ts).
 */
import type { Tx } from '../../db/client.ts';
import { empty, join, sql, type Sql } from '../../db/sql.ts';
import { contactRowColumns } from './read-contact-rows.ts';
import type { ContactRow } from './contact-view.ts';

/** UTC day key used by InviteDayCount. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

async function addInviteDay(tx: Tx, accountId: string, day: string, delta: number): Promise<void> {
  await tx.$executeRaw(inviteDayWrite(accountId, day, delta));
}

function inviteDayWrite(accountId: string, day: string, delta: number): Sql {
  // Atomic on both databases (no read-then-insert race on a day's first invite).
  return sql`
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
  const { count } = await tx.contact.updateMany({
    where: { id: { in: contactIds }, accountId, status: 'none' },
    data: { status: 'invited', invitedAt: now },
  });
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
  return (await markManySignedIn(tx, [contact], now)).has(contact.id);
}

/**
 * Records a sign-in that changes no status (lastLoginAt, the failure count)
 * and reads the contacts back, in one statement. With `onlyActive`, contacts
 * not yet active are left alone (for markManySignedIn): the common case of a
 * click on a login link.
 * @returns the rows of the contacts signed in here, after the change.
 */
export async function signInWithoutStatusChange(
  tx: Tx,
  ids: string[],
  now: Date,
  options: { onlyActive: boolean },
): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<ContactRow[]>`
    UPDATE "Contact" SET "lastLoginAt" = ${now}, "failedSignIns" = 0, "updatedAt" = ${now}
    WHERE "id" IN (${join(ids)}) ${options.onlyActive ? sql`AND "status" = 'active'` : empty}
    RETURNING ${contactRowColumns}`;
}

/** signInWithoutStatusChange's update, answering nothing: for a caller that sends it with other writes (src/db/write-chain.ts). */
export function signInWrite(ids: string[], now: Date): Sql {
  return sql`UPDATE "Contact" SET "lastLoginAt" = ${now}, "failedSignIns" = 0, "updatedAt" = ${now} WHERE "id" IN (${join(ids)})`;
}

/**
 * markSignedIn for a batch of contacts (each at most once), in a handful of
 * statements whatever their number: one conditional update per status they
 * were read in, the counters of those that changed, then lastLoginAt for the rest.
 * @returns the ids of the contacts that became active now.
 */
export async function markManySignedIn(tx: Tx, contacts: SignInSubject[], now: Date): Promise<Set<string>> {
  const { activated, counts } = await activateMany(tx, contacts, now);
  await countActivations(tx, counts, now);
  return activated;
}

/** How the counters move for the contacts activateMany changed, applied by countActivations. */
export interface ActivationCounts {
  accounts: Map<string, { activated: number; leftInvited: number }>;
  /** Per account, the invite days the contacts that left `invited` are taken out of. */
  inviteDays: Map<string, Map<string, number>>;
}

/**
 * markManySignedIn without the counters: the caller must apply `counts` with
 * countActivations in the same transaction. Link redemption does that last,
 * because on PostgreSQL every concurrent batch waits for the account row's lock
 * until the transaction that updated it commits.
 */
export async function activateMany(
  tx: Tx,
  contacts: SignInSubject[],
  now: Date,
): Promise<{ activated: Set<string>; counts: ActivationCounts }> {
  const { activated, counts } = await activateFirstSignIns(tx, contacts, now);
  const others = contacts.filter((contact) => !activated.has(contact.id)).map((contact) => contact.id);
  await signInWithoutStatusChange(tx, others, now, { onlyActive: false });
  return { activated, counts };
}

/**
 * activateMany's status changes only: the contacts it did not activate still
 * need their sign-in recorded (signInWrite), and the counters applied.
 */
export async function activateFirstSignIns(
  tx: Tx,
  contacts: SignInSubject[],
  now: Date,
): Promise<{ activated: Set<string>; counts: ActivationCounts }> {
  const activated = new Set<string>();
  const counts: ActivationCounts = { accounts: new Map(), inviteDays: new Map() };
  // Hand-written statements (src/db/sql.ts): a click storm after a bulk invite is mostly first sign-ins.
  for (const status of ['invited', 'none'] as const) {
    const ids = contacts.filter((contact) => contact.status === status).map((contact) => contact.id);
    if (ids.length === 0) continue;
    const changed = await tx.$queryRaw<Array<{ id: string; accountId: string; invitedAt: Date | null }>>`
      UPDATE "Contact" SET "status" = 'active', "activatedAt" = ${now}, "lastLoginAt" = ${now}, "failedSignIns" = 0, "updatedAt" = ${now}
      WHERE "id" IN (${join(ids)}) AND "status" = ${status}
      RETURNING "id", "accountId", "invitedAt"`;
    for (const row of changed) {
      activated.add(row.id);
      const account = counts.accounts.get(row.accountId) ?? { activated: 0, leftInvited: 0 };
      account.activated += 1;
      counts.accounts.set(row.accountId, account);
      if (status !== 'invited') continue;
      account.leftInvited += 1;
      if (!row.invitedAt) continue;
      const days = counts.inviteDays.get(row.accountId) ?? new Map<string, number>();
      days.set(dayKey(row.invitedAt), (days.get(dayKey(row.invitedAt)) ?? 0) + 1);
      counts.inviteDays.set(row.accountId, days);
    }
  }
  return { activated, counts };
}

/** The account counters and invite days of the contacts activateMany changed. */
export async function countActivations(tx: Tx, counts: ActivationCounts, now: Date): Promise<void> {
  for (const write of activationCountWrites(counts, now)) await tx.$executeRaw(write);
}

/** The statements countActivations runs, for a caller that sends them with other writes (src/db/write-chain.ts). */
export function activationCountWrites(counts: ActivationCounts, now: Date): Sql[] {
  return [...counts.accounts].flatMap(([accountId, { activated, leftInvited }]) => [
    sql`
      UPDATE "Account" SET "activeCount" = "activeCount" + ${activated}, "invitedCount" = "invitedCount" - ${leftInvited}, "updatedAt" = ${now}
      WHERE "id" = ${accountId}`,
    ...[...(counts.inviteDays.get(accountId) ?? [])].map(([day, invited]) => inviteDayWrite(accountId, day, -invited)),
  ]);
}

/** What the lifecycle changes below need to know of the contact, as the caller just read it. */
export interface LifecycleSubject extends SignInSubject {
  activatedAt: Date | null;
}

/** The counter (and invite day) a contact in `status` is counted in, moved by `delta`. */
async function countStatus(tx: Tx, contact: LifecycleSubject, status: string, delta: number, now: Date): Promise<void> {
  const column = { invited: 'invitedCount', active: 'activeCount', deactivated: 'deactivatedCount' }[status];
  if (!column) return; // `none` has no counter
  await tx.account.update({
    where: { id: contact.accountId },
    data: { [column]: { increment: delta }, updatedAt: now },
  });
  if (status === 'invited' && contact.invitedAt)
    await addInviteDay(tx, contact.accountId, dayKey(contact.invitedAt), delta);
}

/**
 * none|invited|active -> deactivated, conditional on the status the caller
 * read (two deactivations at once count once).
 * @returns true when the contact became deactivated now.
 */
export async function markDeactivated(tx: Tx, contact: LifecycleSubject, now: Date): Promise<boolean> {
  if (contact.status === 'deactivated') return false;
  const { count } = await tx.contact.updateMany({
    where: { id: contact.id, status: contact.status },
    data: { status: 'deactivated', deactivatedAt: now },
  });
  if (count === 0) return false;
  await countStatus(tx, contact, contact.status, -1, now);
  await countStatus(tx, contact, 'deactivated', 1, now);
  return true;
}

/**
 * deactivated -> active when the contact had signed in before, else invited
 * (keeping the first invitedAt, so "invited, never active" counts them from
 * their first invite), or none if they were never invited.
 * @returns the status the contact returned to, or null when it was not deactivated.
 */
export async function markReactivated(
  tx: Tx,
  contact: LifecycleSubject,
  now: Date,
): Promise<'none' | 'invited' | 'active' | null> {
  if (contact.status !== 'deactivated') return null;
  const next = contact.activatedAt ? 'active' : contact.invitedAt ? 'invited' : 'none';
  const { count } = await tx.contact.updateMany({
    where: { id: contact.id, status: 'deactivated' },
    data: { status: next, deactivatedAt: null },
  });
  if (count === 0) return null;
  await countStatus(tx, contact, 'deactivated', -1, now);
  await countStatus(tx, contact, next, 1, now);
  return next;
}

/**
 * Deletes the contact row (erasure) and takes it out of every counter, in
 * one conditional delete on the status the caller read.
 * @returns false when another erasure (or a status change) got there first.
 */
export async function deleteCounted(tx: Tx, contact: LifecycleSubject, now: Date): Promise<boolean> {
  const { count } = await tx.contact.deleteMany({ where: { id: contact.id, status: contact.status } });
  if (count === 0) return false;
  await countStatus(tx, contact, contact.status, -1, now);
  return true;
}
