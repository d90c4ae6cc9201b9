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
  const id = options.id ?? newId();
  await tx.message.create({
    data: {
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
    },
  });
  return { id };
}
