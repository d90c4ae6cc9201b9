import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { toOutboxMessage } from './to-outbox-message.ts';
import type { OutboxMessage } from './message-view.ts';
import type { Actor } from '../audit/actor.ts';

export interface RequeueMessageOptions {
  accountId: string;
  messageId: string;
  actor: Actor;
}

/**
 * Puts a dead or failed message back in the queue with a fresh attempt count.
 * It keeps its idempotency key: if the provider did accept it after all, the
 * retry is not delivered twice.
 * @throws AppError message_not_found, not_dead
 */
export async function requeueMessage(core: Core, options: RequeueMessageOptions): Promise<OutboxMessage> {
  return core.db.$transaction(async (tx) => {
    const now = core.now();
    const { count } = await tx.message.updateMany({
      where: { id: options.messageId, accountId: options.accountId, status: { in: ['dead', 'failed'] } },
      // A fresh start of the provider's idempotency window too: re-sending is a person's decision.
      data: {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        claimedBy: null,
        claimedAt: null,
        leaseUntil: null,
        firstAttemptAt: null,
      },
    });
    const row = await tx.message.findFirst({ where: { id: options.messageId, accountId: options.accountId } });
    if (!row) throw new AppError('message_not_found', `no message ${options.messageId}`);
    if (count === 0)
      throw new AppError('not_dead', `message ${options.messageId} is ${row.status}, not dead: nothing to re-send`);
    if (row.bulkJobId)
      await tx.bulkJob.update({ where: { id: row.bulkJobId }, data: { failed: { decrement: 1 }, finishedAt: null } });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'message.requeued',
      subject: `message:${row.id}`,
      metadata: { contactId: row.contactId },
      at: now,
    });
    return toOutboxMessage(row);
  });
}
