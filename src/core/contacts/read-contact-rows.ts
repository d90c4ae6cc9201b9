import type { Tx } from '../../db/client.ts';
import { join, sql } from '../../db/sql.ts';
import type { ContactRow } from './contact-view.ts';

/** The columns of a ContactRow, for hand-written statements (src/db/sql.ts). */
export const contactRowColumns = sql`"id", "accountId", "email", "phone", "firstName", "lastName", "status", "invitedAt", "activatedAt",
  "lastLoginAt", "passwordHash", "smsOptedOutAt", "deactivatedAt", "createdAt"`;

/**
 * The contacts with these ids, as ContactRow, in one hand-written statement:
 * link redemption reads the clicking contacts here.
 */
export async function readContactRows(tx: Tx, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<ContactRow[]>`SELECT ${contactRowColumns} FROM "Contact" WHERE "id" IN (${join(ids)})`;
}
