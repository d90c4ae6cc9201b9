import type { KnownBlock } from '@slack/types';
import type { InviteContactsResult } from '../../core/invitations/invite-contacts.ts';
import type { QueueLoginEmailsResult } from '../../core/invitations/queue-login-emails.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { escapeText, section } from './text.ts';

export function simpleMessage(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: [section(text)] };
}

export function inviteResultMessage(result: InviteContactsResult): { text: string; blocks: KnownBlock[] } {
  const created = result.invited.filter((i) => i.created).length;
  const active = result.invited.filter((i) => i.alreadyActive).length;
  if (result.invited.length === 1) {
    const only = result.invited[0]!;
    const note = only.alreadyActive ? ' They were already active; the invite works as a login link.' : '';
    return simpleMessage(`:envelope: Invite queued for ${escapeText(displayName(only.contact))}.${note}`);
  }
  const parts = [`${created} new contact(s)`, `${result.invited.length - created} existing`];
  if (active > 0) parts.push(`${active} already active`);
  return simpleMessage(
    `:envelope: Inviting ${result.invited.length} contacts (${parts.join(', ')}). Progress is posted in this channel.`,
  );
}

export function loginResultMessage(result: QueueLoginEmailsResult): { text: string; blocks: KnownBlock[] } {
  if (result.queued.length === 1)
    return simpleMessage(
      `:envelope: Login link queued to ${escapeText(result.queued[0]!.toAddress)}. Their older unused links no longer work.`,
    );
  return simpleMessage(
    `:envelope: Sending login links to ${result.queued.length} contacts. Progress is posted in this channel.`,
  );
}
