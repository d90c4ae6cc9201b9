import { messageAddressOf, type MessageAddressRow, type MessageStatus, type OutboxMessage } from './message-view.ts';

export function toOutboxMessage(
  row: MessageAddressRow & {
    status: string;
    attempts: number;
    nextAttemptAt: Date;
    providerId: string | null;
    lastError: string | null;
    deliveryStatus: string | null;
    deliveryDetail?: string | null;
    subject: string | null;
    createdAt: Date;
    sentAt: Date | null;
  },
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
