import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { contactRef } from '../audit/actor.ts';

export interface DeliveryEvent {
  provider: 'resend' | 'twilio';
  /** The provider's id of this event; a second delivery of the same id changes nothing. */
  eventId: string;
  /** The provider's id of the message (Message.providerId). */
  providerMessageId: string;
  /** delivered, bounced, complained, delivery_delayed, undelivered, failed… */
  status: string;
  at: Date;
  /** Twilio reported error 21610: the recipient unsubscribed from texts. */
  optedOut?: boolean;
  detail?: string;
}

const worthAuditing = new Set(['bounced', 'complained', 'undelivered', 'failed']);

/**
 * Applies a provider's delivery report to its message. Deduplicated on the
 * event id through the WebhookEvent table, in the same transaction as the
 * change; an older report never overwrites a newer one.
 */
export async function recordDeliveryEvent(
  core: Core,
  event: DeliveryEvent,
): Promise<'recorded' | 'duplicate' | 'unknown_message'> {
  const id = `${event.provider}:${event.eventId}`.slice(0, 191);
  if (await core.db.webhookEvent.findUnique({ where: { id } })) return 'duplicate';
  try {
    return await core.db.$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: { id, provider: event.provider, receivedAt: core.now() } });
      const message = await tx.message.findFirst({
        where: { providerId: event.providerMessageId },
        select: { id: true, accountId: true, contactId: true, deliveryAt: true },
      });
      if (!message) return 'unknown_message';
      await tx.message.updateMany({
        where: { id: message.id, OR: [{ deliveryAt: null }, { deliveryAt: { lte: event.at } }] },
        data: {
          deliveryStatus: event.status,
          deliveryAt: event.at,
          deliveryDetail: event.detail ? event.detail.slice(0, 500) : null,
        },
      });
      if (worthAuditing.has(event.status)) {
        // About the contact (as message.failed is), so it shows in their history; the message id rides along.
        await recordAuditEvent(core, tx, {
          accountId: message.accountId,
          actor: 'system',
          action: `message.${event.status}`,
          subject: message.contactId ? `contact:${message.contactId}` : `message:${message.id}`,
          metadata: { messageId: message.id, provider: event.provider, detail: event.detail },
          at: core.now(),
        });
      }
      if (event.optedOut && message.contactId) {
        const { count } = await tx.contact.updateMany({
          where: { id: message.contactId, smsOptedOutAt: null },
          data: { smsOptedOutAt: core.now() },
        });
        if (count > 0)
          await recordAuditEvent(core, tx, {
            accountId: message.accountId,
            actor: 'system',
            action: 'contact.sms_opted_out',
            subject: contactRef(message.contactId),
            at: core.now(),
          });
      }
      return 'recorded';
    });
  } catch (error) {
    // Two deliveries of one event at once: the unique id let only one through.
    if ((error as { code?: string }).code === 'P2002') return 'duplicate';
    throw error;
  }
}
