import type { Tx, Db } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { chunk } from '../shared/chunk.ts';
import { sql, valuesList, ROWS_PER_STATEMENT } from '../../db/sql.ts';
import type { WriteChain } from '../../db/write-chain.ts';
import { assertActor, type Actor } from './actor.ts';
import type { Core } from '../core.ts';

export interface AuditEventInput {
  accountId: string;
  actor: Actor;
  /** Dotted verb, e.g. contact.invited, link.redeemed, access.granted, slack.refused. */
  action: string;
  /** contact:<id>, link:<id>, message:<id>… */
  subject?: string;
  /** Never a token, code, password or key. */
  metadata?: Record<string, unknown>;
  at?: Date;
}

/** An audit event as written, handed to `core.hooks.auditRecorded`. */
export interface RecordedAuditEvent {
  id: string;
  accountId: string;
  action: string;
  subject?: string;
  metadata?: Record<string, unknown>;
  at: Date;
  /** Whether the account had a live webhook subscription when the row was written (see below). */
  accountHasWebhooks: boolean;
}

/**
 * Appends one audit event; call it inside the transaction that made the
 * change. The core's `auditRecorded` hooks (outgoing webhooks, registered in
 * src/open-core.ts) run in that same transaction.
 */
export async function recordAuditEvent(core: Pick<Core, 'hooks'>, db: Tx | Db, event: AuditEventInput): Promise<void> {
  await recordAuditEvents(core, db, [event]);
}

/**
 * Appends audit events in one statement (bulk work records one per contact).
 * With `chain` (a WriteChain of the transaction `db`), the writes it holds go
 * with the insert, in one round trip on PostgreSQL (link redemption).
 */
export async function recordAuditEvents(
  core: Pick<Core, 'hooks'>,
  db: Tx | Db,
  events: AuditEventInput[],
  chain?: WriteChain,
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => {
    assertActor(event.actor);
    return {
      id: newId(),
      accountId: event.accountId,
      actor: event.actor,
      action: event.action,
      subject: event.subject ?? null,
      metadata: JSON.stringify(event.metadata ?? {}),
      createdAt: event.at ?? new Date(),
    };
  });
  // Hand-written (src/db/sql.ts): every sign-in and invite writes here. The
  // insert also says for each row whether its account has a live webhook
  // subscription, so the fan-out hook can skip most writes (no subscriber)
  // without a second statement.
  const subscribedAccounts = new Set<string>();
  for (const slice of chunk(rows, ROWS_PER_STATEMENT)) {
    const insert = sql`
      INSERT INTO "AuditEvent" ("id", "accountId", "actor", "action", "subject", "metadata", "createdAt")
      VALUES ${valuesList(slice.map((row) => [row.id, row.accountId, row.actor, row.action, row.subject, row.metadata, row.createdAt]))}
      RETURNING "accountId", EXISTS (
        SELECT 1 FROM "WebhookSubscription" w WHERE w."accountId" = "AuditEvent"."accountId" AND w."revokedAt" IS NULL
      ) AS "subscribed"`;
    type Written = { accountId: string; subscribed: unknown };
    const written = chain ? await chain.run<Written>(insert) : await db.$queryRaw<Written[]>(insert);
    // PostgreSQL answers a boolean, SQLite 0 or 1.
    for (const row of written) if (Number(row.subscribed) === 1) subscribedAccounts.add(row.accountId);
  }
  if (core.hooks.auditRecorded.length === 0) return;
  const recorded: RecordedAuditEvent[] = rows.map((row, index) => ({
    id: row.id,
    accountId: row.accountId,
    action: row.action,
    subject: events[index]!.subject,
    metadata: events[index]!.metadata,
    at: row.createdAt,
    accountHasWebhooks: subscribedAccounts.has(row.accountId),
  }));
  for (const hook of core.hooks.auditRecorded) await hook(db, recorded);
}
