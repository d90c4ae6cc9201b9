import type { Tx } from '../../db/client.ts';
import { join } from '../../db/sql.ts';
import type { ContactRow } from './contact-view.ts';

/**
 * The contacts with these ids, as ContactRow, in one hand-written statement
 * (src/db/sql.ts): link redemption reads every clicking contact here.
 */
export async function readContactRows(tx: Tx, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<ContactRow[]>`
    SELECT "id", "accountId", "email", "phone", "firstName", "lastName", "status", "invitedAt", "activatedAt",
           "lastLoginAt", "passwordHash", "smsOptedOutAt", "createdAt"
    FROM "Contact" WHERE "id" IN (${join(ids)})`;
}
