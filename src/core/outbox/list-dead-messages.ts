import type { Core } from '../core.ts';
import { toOutboxMessage } from './to-outbox-message.ts';
import type { OutboxMessage } from './message-view.ts';

/** Provider reports that mean the message never reached the person. */
export const undeliveredStatuses = ['bounced', 'undelivered', 'failed', 'complained'] as const;

export interface ListDeadMessagesOptions {
  accountId: string;
  /** @default 20 */
  limit?: number;
}

/**
 * Messages that did not reach their recipient, newest first: dead (gave up
 * after retries) or failed permanently here, and sent ones the provider later
 * reported bounced or undelivered (with its reason in deliveryDetail).
 */
export async function listDeadMessages(
  core: Core,
  options: ListDeadMessagesOptions,
): Promise<{ messages: OutboxMessage[]; total: number }> {
  const where = {
    accountId: options.accountId,
    OR: [{ status: { in: ['dead', 'failed'] } }, { status: 'sent', deliveryStatus: { in: [...undeliveredStatuses] } }],
  };
  const [rows, total] = await Promise.all([
    core.db.message.findMany({
      where,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: Math.min(options.limit ?? 20, 200),
    }),
    core.db.message.count({ where }),
  ]);
  return { messages: rows.map(toOutboxMessage), total };
}
