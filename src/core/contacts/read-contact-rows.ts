import type { Tx } from '../../db/client.ts';
import { join, raw, sql } from '../../db/sql.ts';
import type { ContactRow } from './contact-view.ts';

const columnNames = [
  'id',
  'accountId',
  'email',
  'phone',
  'firstName',
  'lastName',
  'status',
  'invitedAt',
  'activatedAt',
  'lastLoginAt',
  'passwordHash',
  'smsOptedOutAt',
  'deactivatedAt',
  'createdAt',
] as const satisfies ReadonlyArray<keyof ContactRow>;

/** The columns of a ContactRow, for hand-written statements (src/db/sql.ts). */
export const contactRowColumns = raw(columnNames.map((name) => `"${name}"`).join(', '));

/**
 * The same columns of the contact aliased `c`, each answered as `contact_<column>`, for a
 * statement that reads them beside another table's; `contactRowOf` takes them back out.
 */
export const prefixedContactColumns = raw(columnNames.map((name) => `c."${name}" AS "contact_${name}"`).join(', '));

export function contactRowOf(row: Record<string, unknown>): ContactRow {
  return Object.fromEntries(columnNames.map((name) => [name, row[`contact_${name}`]])) as unknown as ContactRow;
}

/**
 * The contacts with these ids, as ContactRow, in one hand-written statement:
 * link redemption reads the clicking contacts here.
 */
export async function readContactRows(tx: Tx, ids: string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<ContactRow[]>`SELECT ${contactRowColumns} FROM "Contact" WHERE "id" IN (${join(ids)})`;
}
