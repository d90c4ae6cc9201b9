import type { KnownBlock } from '@slack/types';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import type { Grant } from '../../core/access/grant-view.ts';
import type { OutboxMessage } from '../../core/outbox/message-view.ts';
import type { LinkStories } from '../../core/links/list-link-story.ts';
import { deactivateButton, contactValue } from './lifecycle.ts';
import { linkStoryLines } from './link-story.ts';
import type { DescribedEvent } from '../../core/audit/audit-sentence.ts';
import { auditLine } from './audit-lines.ts';
import { actionIds } from '../action-ids.ts';
import {
  button,
  context,
  divider,
  escapeText,
  fields,
  formatDate,
  header,
  moreLine,
  section,
  truncate,
} from './text.ts';

export interface ContactCardData {
  contact: Contact;
  grants: Grant[];
  messages: OutboxMessage[];
  /** Recent audit events about the contact (scanner hits among them), with the names their sentences need. */
  activity: DescribedEvent[];
  /** The latest sign-in links and what happened to each. */
  links?: LinkStories;
}

const MAX_GRANTS = 15;
const MAX_MESSAGES = 8;
const MAX_ACTIVITY = 8;

export function grantLabel(grant: Pick<Grant, 'kind' | 'resourceName'>): string {
  return grant.kind === 'affiliate'
    ? 'Affiliate area'
    : `${grant.kind === 'course' ? 'Course' : 'Community'}: ${grant.resourceName}`;
}

function messageLine(message: OutboxMessage): string {
  const delivery = message.deliveryStatus ? `, ${message.deliveryStatus}` : '';
  const error =
    message.lastError && (message.status === 'failed' || message.status === 'dead')
      ? ` (${truncate(message.lastError, 120)})`
      : '';
  return `• ${formatDate(message.createdAt)}: ${message.template} by ${message.channel} to ${escapeText(message.toAddress)}: *${message.status}*${escapeText(delivery)}${escapeText(error)}`;
}

function activityLine(event: DescribedEvent): string {
  return `${auditLine(event)}${event.action === 'link.scanned' ? ' :mag:' : ''}`;
}

/** The contact card: status, grants, last login, last messages with delivery status, recent activity, and what to do next. */
export function contactCard(
  data: ContactCardData,
  options: { accountId: string },
): { text: string; blocks: KnownBlock[] } {
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
      ...(contact.status === 'deactivated' ? [`*Access turned off*\n${formatDate(contact.deactivatedAt)}`] : []),
    ]),
  ];
  const grants = data.grants.slice(0, MAX_GRANTS).map((g) => `• ${escapeText(grantLabel(g))}`);
  blocks.push(
    section(`*Access*\n${grants.length ? grants.join('\n') : 'No courses, communities or affiliate access.'}`),
  );
  if (data.grants.length > MAX_GRANTS) blocks.push(context(moreLine(MAX_GRANTS, data.grants.length, 'grants')));
  if (data.links) blocks.push(section(linkStoryLines(data.links, contact.status === 'deactivated').join('\n')));
  const messages = data.messages.slice(0, MAX_MESSAGES).map(messageLine);
  blocks.push(section(`*Last messages*\n${messages.length ? messages.join('\n') : 'Nothing sent yet.'}`));
  if (data.activity.length > 0)
    blocks.push(section(`*Recent activity*\n${data.activity.slice(0, MAX_ACTIVITY).map(activityLine).join('\n')}`));
  const value = contactValue(options.accountId, contact.id);
  const turnedOff = contact.status === 'deactivated';
  blocks.push(
    divider(),
    {
      type: 'actions',
      elements: [
        ...(turnedOff
          ? [button('Turn access back on', actionIds.contactReactivate, value, 'primary')]
          : [
              button('Send a new link', actionIds.contactLoginEmail, value, 'primary'),
              button('Generate magic link', actionIds.contactMagicLink, value),
            ]),
        button('Revoke all links', actionIds.contactRevokeLinks, value),
        button('Edit', actionIds.contactEdit, value),
      ],
    },
    {
      type: 'actions',
      elements: [
        button('Grant access', actionIds.contactGrant, value),
        button('Revoke access', actionIds.contactRevoke, value),
        button('Sign out everywhere', actionIds.contactSignOut, value),
        ...(turnedOff ? [] : [deactivateButton(options.accountId, contact)]),
        button('History', actionIds.contactHistory, value),
      ],
    },
  );
  blocks.push(context(`Contact id ${contact.id}`));
  return { text: `${name}: ${contact.status}`, blocks };
}
