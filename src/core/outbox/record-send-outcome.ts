import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { contactRef } from '../audit/actor.ts';

/** What happened to one claimed message. */
export type SendOutcome =
  | { messageId: string; result: 'sent'; providerId: string; subject?: string; preview?: string }
  | { messageId: string; result: 'retry'; error: string; nextAttemptAt: Date }
  | { messageId: string; result: 'failed' | 'dead'; error: string; optedOut?: boolean };

export interface RecordSendOutcomeOptions {
  /** The send group the worker holds; a message claimed by someone else since is left alone. */
  claimedBy: string;
  outcomes: SendOutcome[];
}

/**
 * Writes what the provider said, in one transaction: the messages' new
 * status, their bulk jobs' sent and failed counts, and, for a recipient who
 * unsubscribed from texts, Contact.smsOptedOutAt (later SMS to them are
 * refused, see delivery-channel.ts). Only messages still `sending` under this
 * claim change, so a late answer never overwrites a newer one. A retry
 * releases the claim (the group keeps its Message.sendGroup).
 */
export async function recordSendOutcome(
  core: Core,
  options: RecordSendOutcomeOptions,
): Promise<{ notRecorded: string[] }> {
  const now = core.now();
  const notRecorded: string[] = [];
  await core.db.$transaction(async (tx) => {
    const jobs = new Map<string, { sent: number; failed: number }>();
    const mine = { status: 'sending', claimedBy: options.claimedBy };
    const rows = await tx.message.findMany({
      where: { id: { in: options.outcomes.map((o) => o.messageId) } },
      select: { id: true, bulkJobId: true, contactId: true, accountId: true, channel: true, template: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const outcome of options.outcomes) {
      let changed: { count: number };
      switch (outcome.result) {
        case 'sent':
          changed = await tx.message.updateMany({
            where: { id: outcome.messageId, ...mine },
            data: {
              status: 'sent',
              providerId: outcome.providerId,
              sentAt: now,
              subject: outcome.subject ?? null,
              preview: outcome.preview ?? null,
              lastError: null,
              leaseUntil: null,
            },
          });
          break;
        case 'retry':
          changed = await tx.message.updateMany({
            where: { id: outcome.messageId, ...mine },
            data: {
              status: 'pending',
              nextAttemptAt: outcome.nextAttemptAt,
              lastError: outcome.error,
              claimedBy: null,
              leaseUntil: null,
            },
          });
          break;
        default:
          changed = await tx.message.updateMany({
            where: { id: outcome.messageId, ...mine },
            data: { status: outcome.result, lastError: outcome.error, leaseUntil: null },
          });
      }
      if (changed.count === 0) notRecorded.push(outcome.messageId);
      if (changed.count === 0 || outcome.result === 'retry') continue;
      const row = byId.get(outcome.messageId)!;
      if (outcome.result !== 'sent' && outcome.optedOut && row.contactId)
        await markSmsOptedOut(core, tx, row.accountId, row.contactId, now);
      if (outcome.result === 'failed' || outcome.result === 'dead') {
        // Audited as message.failed, which webhook subscribers receive (src/core/events).
        await recordAuditEvent(core, tx, {
          accountId: row.accountId,
          actor: 'system',
          action: 'message.failed',
          subject: row.contactId ? contactRef(row.contactId) : `message:${row.id}`,
          metadata: {
            messageId: row.id,
            channel: row.channel,
            template: row.template,
            status: outcome.result,
            error: outcome.error,
          },
          at: now,
        });
      }
      if (!row.bulkJobId) continue;
      const counts = jobs.get(row.bulkJobId) ?? { sent: 0, failed: 0 };
      if (outcome.result === 'sent') counts.sent++;
      else counts.failed++;
      jobs.set(row.bulkJobId, counts);
    }
    for (const [jobId, counts] of jobs) {
      const job = await tx.bulkJob.update({
        where: { id: jobId },
        data: { sent: { increment: counts.sent }, failed: { increment: counts.failed } },
      });
      if (job.sent + job.failed >= job.total && !job.finishedAt)
        await tx.bulkJob.update({ where: { id: jobId }, data: { finishedAt: now } });
    }
  });
  // The caller logs these: its claim had been taken over (its lease ran out) before it could record.
  return { notRecorded };
}

async function markSmsOptedOut(core: Core, tx: Tx, accountId: string, contactId: string, now: Date): Promise<void> {
  const { count } = await tx.contact.updateMany({
    where: { id: contactId, smsOptedOutAt: null },
    data: { smsOptedOutAt: now },
  });
  if (count > 0)
    await recordAuditEvent(core, tx, {
      accountId,
      actor: 'system',
      action: 'contact.sms_opted_out',
      subject: contactRef(contactId),
      at: now,
    });
}
