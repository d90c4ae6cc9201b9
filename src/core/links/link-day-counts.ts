/**
 * Per-day counts of sign-in links, kept in the transaction that creates or
 * redeems a link (see LinkDayCount in prisma/models.prisma). Stats read these
 * instead of counting LoginToken rows.
 */
import type { Tx } from '../../db/client.ts';
import { dayKey } from '../contacts/portal-status.ts';
import { sql, type Sql } from '../../db/sql.ts';

export async function countLinkDay(
  tx: Tx,
  accountId: string,
  at: Date,
  delta: { created?: number; sent?: number; redeemed?: number },
): Promise<void> {
  await tx.$executeRaw(linkDayCountWrite(accountId, at, delta));
}

/** The statement countLinkDay runs, for a caller that sends it with other writes (src/db/write-chain.ts). */
export function linkDayCountWrite(
  accountId: string,
  at: Date,
  delta: { created?: number; sent?: number; redeemed?: number },
): Sql {
  const [created, sent, redeemed] = [delta.created ?? 0, delta.sent ?? 0, delta.redeemed ?? 0];
  // One statement that SQLite and PostgreSQL both run atomically: no
  // read-then-insert race when two transactions count the first link of a day.
  return sql`
    INSERT INTO "LinkDayCount" ("accountId", "day", "created", "sent", "redeemed") VALUES (${accountId}, ${dayKey(at)}, ${created}, ${sent}, ${redeemed})
    ON CONFLICT ("accountId", "day") DO UPDATE SET
      "created" = "LinkDayCount"."created" + excluded."created",
      "sent" = "LinkDayCount"."sent" + excluded."sent",
      "redeemed" = "LinkDayCount"."redeemed" + excluded."redeemed"`;
}
