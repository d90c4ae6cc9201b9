import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { createMagicLinksInTx } from '../links/create-magic-link.ts';
import type { Section } from '../access/sections.ts';
import { queueMessages } from '../outbox/queue-message.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import type { MessageTemplate } from '../outbox/message-view.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface QueueLinkMessageOptions {
  accountId: string;
  contactId: string;
  channel: 'email' | 'sms';
  toAddress: string;
  purpose: 'invite' | 'login' | 'reset';
  template: MessageTemplate;
  section?: Section;
  resourceName?: string;
  /** What an invitation grants, in words, for the message to say. */
  granted?: string;
  /** Land in an app (id or name) at appPath instead of the portal. */
  app?: string;
  appPath?: string;
  bulkJobId?: string | null;
  actor: Actor;
}

/**
 * Mints a link for a contact and queues the message that carries it, in the
 * caller's transaction. The message stores only the link id; the worker
 * rebuilds the link when it renders (src/core/links/link-secrets.ts).
 */
export async function queueLinkMessage(
  core: Core,
  tx: Tx,
  options: QueueLinkMessageOptions,
): Promise<{ messageId: string; linkId: string }> {
  const { contactId, channel, toAddress, ...shared } = options;
  const [queued] = await queueLinkMessages(core, tx, { ...shared, recipients: [{ contactId, channel, toAddress }] });
  return queued!;
}

export interface QueueLinkMessagesOptions extends Omit<QueueLinkMessageOptions, 'contactId' | 'channel' | 'toAddress'> {
  recipients: Array<{ contactId: string; channel: 'email' | 'sms'; toAddress: string }>;
  /** Records one audit event per recipient (`contact:<id>`, with channel, message and job), in the same transaction. */
  audit?: { action: 'contact.invited' | 'login_link.queued'; at: Date };
}

/** The same for many contacts, with a fixed number of statements. */
export async function queueLinkMessages(
  core: Core,
  tx: Tx,
  options: QueueLinkMessagesOptions,
): Promise<Array<{ messageId: string; linkId: string }>> {
  const messageIds = options.recipients.map(() => newId());
  const links = await createMagicLinksInTx(core, tx, {
    accountId: options.accountId,
    purpose: options.purpose,
    section: options.section,
    resourceName: options.resourceName,
    app: options.app,
    appPath: options.appPath,
    actor: options.actor,
    links: options.recipients.map((recipient, index) => ({
      contactId: recipient.contactId,
      sentVia: recipient.channel,
      messageId: messageIds[index],
    })),
  });
  const now = core.now();
  await queueMessages(
    tx,
    options.recipients.map((recipient, index) => ({
      id: messageIds[index],
      accountId: options.accountId,
      contactId: recipient.contactId,
      channel: recipient.channel,
      template: options.template,
      toAddress: recipient.toAddress,
      payload: {
        linkId: links[index]!.id,
        section: links[index]!.section,
        resourceName: options.resourceName,
        ...(options.granted ? { granted: options.granted } : {}),
      },
      bulkJobId: options.bulkJobId,
      createdBy: options.actor,
      now,
    })),
  );
  if (options.audit) {
    const { action, at } = options.audit;
    await recordAuditEvents(
      core,
      tx,
      options.recipients.map((recipient, index) => ({
        accountId: options.accountId,
        actor: options.actor,
        action,
        subject: contactRef(recipient.contactId),
        metadata: { channel: recipient.channel, messageId: messageIds[index], bulkJobId: options.bulkJobId },
        at,
      })),
    );
  }
  return links.map((link, index) => ({ messageId: messageIds[index]!, linkId: link.id }));
}
