/**
 * Export from Slack: the CSV the REST API streams, uploaded as a file to the
 * admin's DM with the app (files:write). Slack's upload wants the length up
 * front, so the file is assembled in memory first: about 150 bytes a
 * contact, 15 MB for 100,000. It goes through the account's own Slack
 * client: the DM is in the workspace the account is installed in.
 */
import { exportContacts } from '../core/contacts/export-contacts.ts';
import type { ContactFilter } from '../core/contacts/contact-filter.ts';
import type { SlackDeps } from './slack-deps.ts';

export async function exportToDm(
  deps: SlackDeps,
  options: { accountId: string; userId: string; filter: ContactFilter; label: string },
): Promise<{ rows: number; channel: string }> {
  const client = await deps.clients.forAccount(options.accountId);
  if (!client) throw new Error('no Slack workspace is installed for this account');
  const pieces: string[] = [];
  for await (const piece of exportContacts(deps.context.core, { accountId: options.accountId, ...options.filter }))
    pieces.push(piece);
  const content = pieces.join('');
  const rows = content.split('\r\n').length - 2;
  const opened = await client.conversations.open({ users: options.userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('Slack did not open a DM with the app');
  const day = deps.context.core.now().toISOString().slice(0, 10);
  await client.files.uploadV2({
    channel_id: channel,
    content,
    filename: `contacts-${day}.csv`,
    title: `Contacts${options.label ? ` (${options.label})` : ''}, ${day}`,
    initial_comment: `${rows} contact(s)${options.label ? ` matching \`${options.label}\`` : ''}.`,
  });
  return { rows, channel };
}
