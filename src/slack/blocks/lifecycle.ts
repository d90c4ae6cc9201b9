/** Confirmations and answers for turning access off, back on, and erasing. */
import type { Button, KnownBlock } from '@slack/types';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import { erasureSentence, type ErasurePreview } from '../../core/lifecycle/preview-erasure.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, plain, section } from './text.ts';

/** What lifecycle buttons carry: the account and the contact id, never an address. */
export function contactValue(accountId: string, contactId: string): string {
  return JSON.stringify({ a: accountId, c: contactId });
}

/** A button that Slack asks about once more before it acts. */
export function confirmedButton(
  text: string,
  actionId: string,
  value: string,
  confirm: { title: string; text: string; yes: string },
  style?: 'primary' | 'danger',
): Button {
  return {
    ...button(text, actionId, value, style),
    confirm: {
      title: plain(confirm.title, 100),
      text: plain(confirm.text, 300),
      confirm: plain(confirm.yes, 30),
      deny: plain('Cancel', 30),
      ...(style === 'danger' ? { style: 'danger' } : {}),
    },
  };
}

export function deactivateButton(accountId: string, contact: Contact): Button {
  return confirmedButton(
    'Turn off access',
    actionIds.contactDeactivate,
    contactValue(accountId, contact.id),
    {
      title: 'Turn off access?',
      text: `${displayName(contact)} is signed out everywhere and their unused links and codes stop working. You can turn access back on later.`,
      yes: 'Turn off',
    },
    'danger',
  );
}

/** The private confirmation `/portal deactivate` answers with. */
export function confirmDeactivateMessage(accountId: string, contact: Contact): { text: string; blocks: KnownBlock[] } {
  const name = escapeText(displayName(contact));
  return {
    text: `Turn off access for ${displayName(contact)}?`,
    blocks: [
      section(
        `Turn off portal access for *${name}* (${escapeText(contact.email ?? contact.phone ?? '')}, now *${contact.status}*)?\nTheir sessions end, their unused links and codes stop working, and sign-in shows “access turned off” until someone turns it back on.`,
      ),
      {
        type: 'actions',
        elements: [
          button('Turn off access', actionIds.contactDeactivate, contactValue(accountId, contact.id), 'danger'),
          button('Cancel', actionIds.lifecycleCancel, '{}'),
        ],
      },
      context('Only you can see this.'),
    ],
  };
}

/** The private confirmation `/portal erase` answers with: it names what will go. */
export function confirmEraseMessage(
  accountId: string,
  preview: ErasurePreview,
): { text: string; blocks: KnownBlock[] } {
  const name = escapeText(displayName(preview.contact));
  const erase = confirmedButton(
    'Erase for good',
    actionIds.contactErase,
    contactValue(accountId, preview.contact.id),
    {
      title: 'Erase for good?',
      text: `Everything about ${displayName(preview.contact)} goes, and cannot be brought back.`,
      yes: 'Erase',
    },
    'danger',
  );
  return {
    text: `Erase ${displayName(preview.contact)}?`,
    blocks: [
      section(`*Erase ${name}?* (right to erasure)\n${escapeText(erasureSentence(preview))}`),
      { type: 'actions', elements: [erase, button('Cancel', actionIds.lifecycleCancel, '{}')] },
      context('Only you can see this.'),
    ],
  };
}
