import {
  messageAddressOf,
  type MessageAddress,
  type MessageAddressRow,
  type MessageStatus,
  type OutboxMessage,
} from './message-view.ts';

/** A Message row as transports see it: the row's columns, with its status typed. */
export function toOutboxMessage(
  row: MessageAddressRow & Omit<OutboxMessage, keyof MessageAddress | 'status'> & { status: string },
): OutboxMessage {
  return {
    ...messageAddressOf(row),
    status: row.status as MessageStatus,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    providerId: row.providerId,
    lastError: row.lastError,
    deliveryStatus: row.deliveryStatus,
    deliveryDetail: row.deliveryDetail ?? null,
    subject: row.subject,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}
