import type { Core } from '../core.ts';
import { isAppError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { resolveChannel } from '../outbox/delivery-channel.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import { createMagicLinkInTx } from './create-magic-link.ts';
import { contactRef } from '../audit/actor.ts';

export interface QueueSignInCodeOptions {
  accountId: string;
  /** What the person typed: an email gets an email, a phone number a text. */
  address: string;
}

/**
 * "Email me a code": mints a code-only link (lifetime: the account's
 * codeTtlMinutes) and queues the message carrying its 6-digit code. Unknown
 * or unreachable addresses queue nothing; callers answer the same either way.
 */
export async function queueSignInCode(
  core: Core,
  options: QueueSignInCodeOptions,
): Promise<{ queued: boolean; messageId?: string }> {
  const parsed = parseAddress(options.address);
  if (!parsed.ok) return { queued: false };
  const where = parsed.address.kind === 'email' ? { email: parsed.address.email } : { phone: parsed.address.phone };
  const contact = await core.db.contact.findFirst({ where: { accountId: options.accountId, ...where } });
  if (!contact || contact.status === 'deactivated') return { queued: false };
  let target: { channel: 'email' | 'sms'; toAddress: string };
  try {
    target = resolveChannel(contact, parsed.address.kind === 'email' ? 'email' : 'sms');
  } catch (error) {
    if (isAppError(error)) return { queued: false };
    throw error;
  }
  const messageId = newId();
  const actor = contactRef(contact.id);
  await core.db.$transaction(async (tx) => {
    const link = await createMagicLinkInTx(core, tx, {
      accountId: options.accountId,
      contactId: contact.id,
      purpose: 'code',
      sentVia: target.channel,
      messageId,
      actor,
    });
    await queueMessage(tx, {
      id: messageId,
      accountId: options.accountId,
      contactId: contact.id,
      channel: target.channel,
      template: 'code',
      toAddress: target.toAddress,
      payload: { linkId: link.id },
      createdBy: actor,
      now: core.now(),
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor,
      action: 'code.queued',
      subject: contactRef(contact.id),
      metadata: { channel: target.channel, messageId },
      at: core.now(),
    });
  });
  return { queued: true, messageId };
}
