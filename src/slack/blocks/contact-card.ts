import type { KnownBlock } from '@slack/types';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import type { Grant } from '../../core/access/grant-view.ts';
import type { OutboxMessage } from '../../core/outbox/message-view.ts';
import type { DescribedEvent } from '../../core/audit/audit-sentence.ts';
import { auditLine } from './audit-lines.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, divider, escapeText, fields, formatDate, header, moreLine, section, truncate } from './text.ts';

export interface ContactCardData {
  contact: Contact;
  grants: Grant[];
  messages: OutboxMessage[];
  /** Recent audit events about the contact (scanner hits among them), with the names their sentences need. */
  activity: DescribedEvent[];
}

const MAX_GRANTS = 15;
const MAX_MESSAGES = 8;
const MAX_ACTIVITY = 8;

export function grantLabel(grant: Pick<Grant, 'kind' | 'resourceName'>): string {
  return grant.kind === 'affiliate' ? 'Affiliate area' : `${grant.kind === 'course' ? 'Course' : 'Community'}: ${grant.resourceName}`;
}

function messageLine(message: OutboxMessage): string {
  const delivery = message.deliveryStatus ? `, ${message.deliveryStatus}` : '';
  const error = message.lastError && (message.status === 'failed' || message.status === 'dead') ? ` (${truncate(message.lastError, 120)})` : '';
  return `• ${formatDate(message.createdAt)}: ${message.template} by ${message.channel} to ${escapeText(message.toAddress)}: *${message.status}*${escapeText(delivery)}${escapeText(error)}`;
}

function activityLine(event: DescribedEvent): string {
  return `${auditLine(event)}${event.action === 'link.scanned' ? ' :mag:' : ''}`;
}

/** The contact card: status, grants, last login, last messages with delivery status, recent activity, and what to do next. */
export function contactCard(data: ContactCardData, options: { accountId: string }): { text: string; blocks: KnownBlock[] } {
  const { contact } = data;
  const name = displayName(contact);
  const blocks: KnownBlock[] = [
    header(name),
    fields([
      `*Email*\n${escapeText(contact.email ?? '—')}`,
      `*Phone*\n${escapeText(contact.phone ?? '—')}${contact.smsOptedOut ? ' (replied STOP)' : ''}`,
      `*Portal status*\n${contact.status}`,
      `*Last login*\n${formatDate(contact.lastLoginAt)}`,
      `*Invited*\n${formatDate(contact.invitedAt)}`,
      `*Active since*\n${formatDate(contact.activatedAt)}`,
    ]),
  ];
  const grants = data.grants.slice(0, MAX_GRANTS).map((g) => `• ${escapeText(grantLabel(g))}`);
  blocks.push(section(`*Access*\n${grants.length ? grants.join('\n') : 'No courses, communities or affiliate access.'}`));
  if (data.grants.length > MAX_GRANTS) blocks.push(context(moreLine(MAX_GRANTS, data.grants.length, 'grants')));
  const messages = data.messages.slice(0, MAX_MESSAGES).map(messageLine);
  blocks.push(section(`*Last messages*\n${messages.length ? messages.join('\n') : 'Nothing sent yet.'}`));
  if (data.activity.length > 0) blocks.push(section(`*Recent activity*\n${data.activity.slice(0, MAX_ACTIVITY).map(activityLine).join('\n')}`));
  const value = JSON.stringify({ a: options.accountId, c: contact.id });
  blocks.push(divider(), {
    type: 'actions',
    elements: [
      button('Send login email', actionIds.contactLoginEmail, value, 'primary'),
      button('Generate magic link', actionIds.contactMagicLink, value),
      button('Grant access', actionIds.contactGrant, value),
      button('Revoke access', actionIds.contactRevoke, value),
      button('History', actionIds.contactHistory, value),
    ],
  });
  blocks.push(context(`Contact id ${contact.id}`));
  return { text: `${name}: ${contact.status}`, blocks };
}
