import type { Tx, Db } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { assertActor, type Actor } from './actor.ts';

export interface AuditEventInput {
  accountId: string;
  actor: Actor | string;
  /** Dotted verb, e.g. contact.invited, link.redeemed, access.granted, slack.refused. */
  action: string;
  /** contact:<id>, link:<id>, message:<id>… */
  subject?: string;
  /** Never a token, code, password or key. */
  metadata?: Record<string, unknown>;
  at?: Date;
}

/** Appends one audit event; call it inside the transaction that made the change. */
export async function recordAuditEvent(db: Tx | Db, event: AuditEventInput): Promise<void> {
  assertActor(event.actor);
  await db.auditEvent.create({
    data: {
      id: newId(),
      accountId: event.accountId,
      actor: event.actor,
      action: event.action,
      subject: event.subject ?? null,
      metadata: JSON.stringify(event.metadata ?? {}),
      createdAt: event.at ?? new Date(),
    },
  });
}
