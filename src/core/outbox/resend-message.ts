import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requeueMessage } from './requeue-message.ts';
import { resolveChannel } from './delivery-channel.ts';
import { queueMessage } from './queue-message.ts';
import { toOutboxMessage } from './to-outbox-message.ts';
import { undeliveredStatuses } from './list-dead-messages.ts';
import type { MessagePayload, OutboxMessage } from './message-view.ts';

export interface ResendMessageOptions {
  accountId: string;
  messageId: string;
  actor: Actor;
}

/**
 * The *Re-send* of /portal failed. A dead or failed message goes back in the
 * queue as it is (requeueMessage: same idempotency key, so a send the provider
 * did accept is not delivered twice). A message the provider accepted and then
 * reported bounced cannot be repeated under its own key (the provider would
 * drop it as a duplicate), so it is copied to a new message, to the contact's
 * address as it is now: after an address fix, the copy goes to the new one.
 * @throws AppError message_not_found, not_dead, no_address_for_channel
 */
export async function resendMessage(core: Core, options: ResendMessageOptions): Promise<OutboxMessage> {
  const original = await core.db.message.findFirst({ where: { id: options.messageId, accountId: options.accountId } });
  if (!original) throw new AppError('message_not_found', `no message ${options.messageId}`);
  // A bounce re-sent before (by another admin a moment ago, or by this one earlier) says so, rather than "not dead".
  if (original.status === 'sent' && original.deliveryStatus?.endsWith('_resent')) throw alreadyResent(original.id);
  const bounced =
    original.status === 'sent' && (undeliveredStatuses as readonly string[]).includes(original.deliveryStatus ?? '');
  if (!bounced) return requeueMessage(core, options);
  if (original.channel === 'webhook' || !original.contactId)
    throw new AppError('not_dead', 'only email and SMS to a contact can be re-sent');
  return core.db.$transaction(async (tx) => {
    // The bounce is dealt with and leaves the failed list. Conditional, so of two
    // admins pressing Re-send at once exactly one queues the copy.
    const { count } = await tx.message.updateMany({
      where: { id: original.id, status: 'sent', deliveryStatus: original.deliveryStatus },
      data: { deliveryStatus: `${original.deliveryStatus}_resent` },
    });
    if (count === 0) throw alreadyResent(original.id);
    const contact = await tx.contact.findFirst({ where: { id: original.contactId!, accountId: options.accountId } });
    if (!contact) throw new AppError('contact_not_found', 'the contact of this message no longer exists');
    const { toAddress } = resolveChannel(contact, original.channel as 'email' | 'sms');
    const now = core.now();
    // The copy is rendered afresh for the current address: the original's frozen render input
    // (its `to`, its minted links) belongs to the request that bounced.
    const { render: _render, mintedLinks: _minted, ...payload } = JSON.parse(original.payload) as MessagePayload;
    const { id } = await queueMessage(tx, {
      accountId: options.accountId,
      contactId: contact.id,
      channel: original.channel as 'email' | 'sms',
      template: original.template as OutboxMessage['template'],
      toAddress,
      payload,
      createdBy: options.actor,
      now,
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'message.resent',
      subject: contactRef(contact.id),
      metadata: { messageId: original.id, newMessageId: id, channel: original.channel, template: original.template },
      at: now,
    });
    return toOutboxMessage(await tx.message.findUniqueOrThrow({ where: { id } }));
  });
}

function alreadyResent(messageId: string): AppError {
  return new AppError('not_dead', `message ${messageId} was already re-sent`);
}
