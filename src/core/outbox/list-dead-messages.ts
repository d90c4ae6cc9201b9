import type { Core } from '../core.ts';
import { toOutboxMessage } from './to-outbox-message.ts';
import type { OutboxMessage } from './message-view.ts';

export interface ListDeadMessagesOptions {
  accountId: string;
  /** @default 20 */
  limit?: number;
}

/** Messages that gave up (dead) or failed permanently, newest first. */
export async function listDeadMessages(core: Core, options: ListDeadMessagesOptions): Promise<{ messages: OutboxMessage[]; total: number }> {
  const where = { accountId: options.accountId, status: { in: ['dead', 'failed'] } };
  const [rows, total] = await Promise.all([
    core.db.message.findMany({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take: Math.min(options.limit ?? 20, 200) }),
    core.db.message.count({ where }),
  ]);
  return { messages: rows.map(toOutboxMessage), total };
}
