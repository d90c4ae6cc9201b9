import type { KnownBlock } from '@slack/types';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, header, section, slackDate, truncate } from './text.ts';

/** Contacts per page of /portal list: two sections of ten lines stay far inside 3,000 characters and 50 blocks. */
export const LIST_PAGE = 20;

export interface ContactListData {
  contacts: Contact[];
  nextCursor: string | null;
  /** The filter words as typed, carried by Next and Export. */
  filter: string;
  /** Position of the first contact shown (1 on the first page). */
  from: number;
  accountId: string;
}

function line(contact: Contact): string {
  const address = contact.email ?? contact.phone ?? '';
  const name = displayName(contact);
  const when =
    contact.status === 'active'
      ? `last login ${slackDate(contact.lastLoginAt)}`
      : contact.invitedAt
        ? `invited ${slackDate(contact.invitedAt)}`
        : '';
  return `• *${escapeText(truncate(name, 60))}*${name === address ? '' : ` ${escapeText(truncate(address, 80))}`} · ${contact.status}${when ? ` · ${when}` : ''}`;
}

export function contactListMessage(data: ContactListData): { text: string; blocks: KnownBlock[] } {
  const title = `Contacts${data.filter ? `: ${data.filter}` : ''}`;
  if (data.contacts.length === 0 && data.from === 1)
    return {
      text: `${title}: none`,
      blocks: [section(`No contacts match${data.filter ? ` \`${escapeText(truncate(data.filter, 100))}\`` : ''}.`)],
    };
  const lines = data.contacts.slice(0, LIST_PAGE).map(line);
  const blocks: KnownBlock[] = [header(truncate(title, 150))];
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  const to = data.from + lines.length - 1;
  blocks.push(
    context(
      `${data.from}–${to}${data.nextCursor ? ', more after these' : ', the end of the list'}. Exported as CSV, every match goes to your DM.`,
    ),
  );
  const value = (extra: Record<string, unknown>) => JSON.stringify({ a: data.accountId, f: data.filter, ...extra });
  blocks.push({
    type: 'actions',
    elements: [
      ...(data.nextCursor
        ? [button('Next 20', actionIds.listNext, value({ c: data.nextCursor, n: to + 1 }), 'primary')]
        : []),
      button('Export CSV', actionIds.listExport, value({})),
    ],
  });
  return { text: `${title}: ${data.from}–${to}`, blocks };
}
