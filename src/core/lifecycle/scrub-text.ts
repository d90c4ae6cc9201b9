import type { Tx } from '../../db/client.ts';
import { sql, type Sql } from '../../db/sql.ts';

/** `%value%` for LIKE, with LIKE's own characters escaped (emails often hold `_`). */
function containing(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Removes erased addresses from the free-text columns that can quote them
 * (outside the contact's own rows, which the erasure deletes or blanks).
 * Outgoing-event payloads carry the whole contact (names too), so such a
 * payload is replaced whole, and a queued one is cancelled; elsewhere the
 * address alone becomes "[erased]". The same SQL runs on SQLite and PostgreSQL.
 *
 * Only the erasing account's rows: the same address may be another account's
 * contact, whose messages, audit trail and webhook events are not touched
 * (test/accounts/isolation.core.test.ts). Rate-limit counters are the one
 * exception: any key quoting the address goes, whichever account's portal
 * counted it (a counter, not data; the key's layout belongs to the portal).
 */
export async function scrubText(tx: Tx, options: { accountId: string; addresses: string[] }): Promise<void> {
  const ofAccount = sql`"accountId" = ${options.accountId}`;
  for (const address of options.addresses) {
    const like = containing(address);
    const has = (column: Sql) => sql`${column} LIKE ${like} ESCAPE '\\'`;
    await tx.$executeRaw`
      UPDATE "Message" SET "payload" = '{"erased":true}', "status" = CASE WHEN "status" = 'pending' THEN 'cancelled' ELSE "status" END
      WHERE ${ofAccount} AND "channel" = 'webhook' AND ${has(sql`"payload"`)}`;
    await tx.$executeRaw`UPDATE "Message" SET "lastError" = REPLACE("lastError", ${address}, '[erased]') WHERE ${ofAccount} AND ${has(sql`"lastError"`)}`;
    await tx.$executeRaw`UPDATE "AuditEvent" SET "metadata" = REPLACE("metadata", ${address}, '[erased]') WHERE ${ofAccount} AND ${has(sql`"metadata"`)}`;
    await tx.$executeRaw`UPDATE "BulkJob" SET "pendingInput" = REPLACE("pendingInput", ${address}, '[erased]') WHERE ${ofAccount} AND ${has(sql`"pendingInput"`)}`;
    // Stored replies of idempotent API calls are sealed, so SQL cannot search them: forgetReplaysAbout opens them.
    await tx.$executeRaw`DELETE FROM "RateLimit" WHERE ${has(sql`"key"`)}`;
  }
}
