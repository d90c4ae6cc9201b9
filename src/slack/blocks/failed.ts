import type { KnownBlock } from '@slack/types';
import type { OutboxMessage } from '../../core/outbox/message-view.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, header, moreLine, section, slackDate, truncate } from './text.ts';

/** Each failed message is a section + a row of buttons: 1 + 2×20 + 1 blocks, under the 50-block cap. */
export const FAILED_PAGE = 20;

function state(m: OutboxMessage): string {
  if (m.status === 'sent')
    return m.deliveryStatus === 'bounced' ? 'bounced' : `${m.deliveryStatus ?? 'not delivered'} (provider report)`;
  return m.status === 'dead' ? `dead after ${m.attempts} attempt(s)` : 'refused';
}

/** /portal failed: dead, refused, bounced and undelivered messages, with the provider's reason, Re-send and Edit address. */
export function failedMessagesMessage(data: { messages: OutboxMessage[]; total: number; accountId: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  if (data.total === 0)
    return {
      text: 'No failed messages.',
      blocks: [section(':white_check_mark: No failed messages: everything queued was sent or is still being sent.')],
    };
  const shown = data.messages.slice(0, FAILED_PAGE);
  const blocks: KnownBlock[] = [header(`Failed messages (${data.total})`)];
  for (const m of shown) {
    const reason = m.deliveryDetail ?? m.lastError ?? 'no reason given';
    blocks.push(
      section(
        truncate(
          `*${m.template}* by ${m.channel} to ${escapeText(m.toAddress)}: *${escapeText(state(m))}*, ${slackDate(m.createdAt)}\n${escapeText(reason)}`,
          3000,
        ),
      ),
    );
    blocks.push({
      type: 'actions',
      elements: [
        button('Re-send', actionIds.requeueMessage, JSON.stringify({ a: data.accountId, m: m.id })),
        ...(m.contactId
          ? [button('Edit address', actionIds.contactEdit, JSON.stringify({ a: data.accountId, c: m.contactId }))]
          : []),
      ],
    });
  }
  if (data.total > shown.length)
    blocks.push(
      context(moreLine(shown.length, data.total, 'failed messages (newest first); re-send these to see more')),
    );
  return { text: `${data.total} failed message(s)`, blocks };
}
