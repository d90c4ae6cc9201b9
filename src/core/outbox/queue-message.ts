import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import type { MessageChannel, MessagePayload, MessageTemplate } from './message-view.ts';

export interface QueueMessageOptions {
  accountId: string;
  contactId: string | null;
  channel: MessageChannel;
  template: MessageTemplate;
  toAddress: string;
  payload: MessagePayload;
  bulkJobId?: string | null;
  createdBy: string;
  now: Date;
  /** Set when the message id must be known before the row (a link that points back to it). */
  id?: string;
}

/**
 * Puts a message in the outbox, inside the caller's transaction: the message
 * exists if and only if the change that caused it committed. Its id is the
 * provider idempotency key, so a retried send is never delivered twice.
 */
export async function queueMessage(tx: Tx, options: QueueMessageOptions): Promise<{ id: string }> {
  const [queued] = await queueMessages(tx, [options]);
  return queued!;
}

/** The same for many messages, in one statement. */
export async function queueMessages(tx: Tx, messages: QueueMessageOptions[]): Promise<Array<{ id: string }>> {
  const rows = messages.map((options) => {
    const id = options.id ?? newId();
    return {
      id,
      accountId: options.accountId,
      contactId: options.contactId,
      channel: options.channel,
      template: options.template,
      toAddress: options.toAddress,
      payload: JSON.stringify(options.payload),
      status: 'pending',
      nextAttemptAt: options.now,
      idempotencyKey: `portal-desk-${id}`,
      bulkJobId: options.bulkJobId ?? null,
      createdBy: options.createdBy,
      createdAt: options.now,
    };
  });
  if (rows.length > 0) await tx.message.createMany({ data: rows });
  return rows.map((row) => ({ id: row.id }));
}
