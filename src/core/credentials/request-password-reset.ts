import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { createMagicLinkInTx } from '../links/create-magic-link.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import { newId } from '../shared/ids.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface RequestPasswordResetOptions {
  accountId: string;
  /** The address the person typed, or a contact id (a "send me a new link" on an expired reset link). */
  lookup: { email: string } | { contactId: string };
  actor?: Actor;
}

/**
 * Emails a one-time reset link (lifetime: the account's resetTtlMinutes) when
 * the address belongs to a contact; does nothing otherwise. Callers answer the
 * same way in both cases, so the result is only for tests and logs.
 */
export async function requestPasswordReset(
  core: Core,
  options: RequestPasswordResetOptions,
): Promise<{ queued: boolean; messageId?: string }> {
  const where =
    'email' in options.lookup
      ? emailWhere(options.accountId, options.lookup.email)
      : { id: options.lookup.contactId, accountId: options.accountId };
  if (!where) return { queued: false };
  const contact = await core.db.contact.findFirst({ where, select: { id: true, email: true, status: true } });
  if (!contact?.email || contact.status === 'deactivated') return { queued: false };
  const email = contact.email;
  const actor = options.actor ?? contactRef(contact.id);
  const messageId = newId();
  await core.db.$transaction(async (tx) => {
    const link = await createMagicLinkInTx(core, tx, {
      accountId: options.accountId,
      contactId: contact.id,
      purpose: 'reset',
      sentVia: 'email',
      messageId,
      actor,
    });
    await queueMessage(tx, {
      id: messageId,
      accountId: options.accountId,
      contactId: contact.id,
      channel: 'email',
      template: 'password_reset',
      toAddress: email,
      payload: { linkId: link.id },
      createdBy: actor,
      now: core.now(),
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor,
      action: 'password.reset_requested',
      subject: contactRef(contact.id),
      metadata: { messageId },
      at: core.now(),
    });
  });
  return { queued: true, messageId };
}

function emailWhere(accountId: string, input: string) {
  const parsed = parseAddress(input);
  return parsed.ok && parsed.address.kind === 'email' ? { accountId, email: parsed.address.email } : null;
}
