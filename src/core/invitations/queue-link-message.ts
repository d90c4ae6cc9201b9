import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { createMagicLinkInTx } from '../links/create-magic-link.ts';
import type { Section } from '../access/sections.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import type { MessageTemplate } from '../outbox/message-view.ts';

export interface QueueLinkMessageOptions {
  accountId: string;
  contactId: string;
  channel: 'email' | 'sms';
  toAddress: string;
  purpose: 'invite' | 'login' | 'reset';
  template: MessageTemplate;
  section?: Section;
  resourceName?: string;
  bulkJobId?: string | null;
  actor: string;
}

/**
 * Mints a link for a contact and queues the message that carries it, in the
 * caller's transaction. The message stores only the link id; the worker
 * rebuilds the link when it renders (src/core/links/link-secrets.ts).
 */
export async function queueLinkMessage(core: Core, tx: Tx, options: QueueLinkMessageOptions): Promise<{ messageId: string; linkId: string }> {
  const messageId = newId();
  const link = await createMagicLinkInTx(core, tx, {
    accountId: options.accountId,
    contactId: options.contactId,
    purpose: options.purpose,
    section: options.section,
    resourceName: options.resourceName,
    sentVia: options.channel,
    messageId,
    actor: options.actor,
  });
  await queueMessage(tx, {
    id: messageId,
    accountId: options.accountId,
    contactId: options.contactId,
    channel: options.channel,
    template: options.template,
    toAddress: options.toAddress,
    payload: { linkId: link.id, section: link.section, resourceName: options.resourceName },
    bulkJobId: options.bulkJobId,
    createdBy: options.actor,
    now: core.now(),
  });
  return { messageId, linkId: link.id };
}
