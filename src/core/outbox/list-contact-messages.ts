import type { Core } from '../core.ts';
import { toOutboxMessage } from './to-outbox-message.ts';
import type { OutboxMessage } from './message-view.ts';

/** A contact's most recent messages with their delivery state, newest first. */
export async function listContactMessages(
  core: Core,
  options: { accountId: string; contactId: string; limit?: number },
): Promise<OutboxMessage[]> {
  const rows = await core.db.message.findMany({
    where: { accountId: options.accountId, contactId: options.contactId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(options.limit ?? 5, 50),
  });
  return rows.map(toOutboxMessage);
}
