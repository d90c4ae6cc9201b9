import type { Db, Tx } from '../../db/client.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import type { RecordedAuditEvent } from '../audit/record-audit-event.ts';
import { contactIdOf } from '../audit/actor.ts';
import { isOutgoingEventType, type OutgoingEvent } from './event-types.ts';

/** The audited change an event announces (what the audit writer hands its hooks). */
export type AuditedChange = Omit<RecordedAuditEvent, 'accountHasWebhooks'>;

type Subscriptions = Array<{ id: string; url: string; events: string }>;

/**
 * Subscriptions per transaction: a bulk invite audits hundreds of changes in
 * one transaction, and the account's subscriptions cannot change inside it,
 * so they are read once. Outside a transaction (the long-lived client) they
 * are read every time.
 */
const perTransaction = new WeakMap<object, Map<string, Promise<Subscriptions>>>();

function subscriptionsOf(db: Tx | Db, accountId: string): Promise<Subscriptions> {
  const read = () =>
    db.webhookSubscription.findMany({
      where: { accountId, revokedAt: null },
      select: { id: true, url: true, events: true },
    });
  if ('$transaction' in db) return read();
  let cache = perTransaction.get(db);
  if (!cache) perTransaction.set(db, (cache = new Map()));
  let found = cache.get(accountId);
  if (!found) cache.set(accountId, (found = read()));
  return found;
}

/**
 * Turns an audited change into outgoing events: one outbox message (channel
 * `webhook`) per subscription that wants it, in the change's own transaction,
 * so an event exists if and only if the change committed, and is retried with
 * backoff like any message. Runs as the core's auditRecorded hook
 * (register-outgoing-events.ts) for audit events whose account has a subscriber.
 */
export async function queueOutgoingEvents(db: Tx | Db, change: AuditedChange): Promise<void> {
  if (!isOutgoingEventType(change.action)) return;
  // A failed webhook must not announce itself to webhooks: that loop would never end.
  if (change.action === 'message.failed' && change.metadata?.channel === 'webhook') return;
  const subscriptions = (await subscriptionsOf(db, change.accountId)).filter((s) =>
    s.events.split(',').includes(change.action),
  );
  if (subscriptions.length === 0) return;
  const contactId = contactIdOf(change.subject) ?? (change.metadata?.contactId as string | undefined);
  const contact = contactId
    ? await db.contact.findUnique({
        where: { id: contactId },
        select: { id: true, email: true, phone: true, firstName: true, lastName: true, status: true },
      })
    : null;
  const event: OutgoingEvent = {
    id: `evt_${change.id}`,
    type: change.action,
    createdAt: change.at.toISOString(),
    accountId: change.accountId,
    data: { ...change.metadata, ...(contact ? { contact } : {}) },
  };
  for (const subscription of subscriptions) {
    await queueMessage(db as Tx, {
      accountId: change.accountId,
      contactId: null,
      channel: 'webhook',
      template: 'event',
      toAddress: subscription.url,
      payload: { event: event as unknown as Record<string, unknown>, subscriptionId: subscription.id },
      createdBy: 'system',
      now: change.at,
    });
  }
}
