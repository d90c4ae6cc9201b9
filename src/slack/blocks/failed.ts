import type { KnownBlock } from '@slack/types';
import type { OutboxMessage } from '../../core/outbox/message-view.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, formatDate, header, moreLine, section, truncate } from './text.ts';

/** Each failed message is a section + button; header and footers leave room under the 50-block cap. */
export const FAILED_PAGE = 20;

export function failedMessagesMessage(data: { messages: OutboxMessage[]; total: number; accountId: string }): { text: string; blocks: KnownBlock[] } {
  if (data.total === 0) return { text: 'No failed messages.', blocks: [section(':white_check_mark: No failed messages: everything queued was sent or is still being sent.')] };
  const shown = data.messages.slice(0, FAILED_PAGE);
  const blocks: KnownBlock[] = [header(`Failed messages (${data.total})`)];
  for (const m of shown) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${m.template}* by ${m.channel} to ${escapeText(m.toAddress)}, ${m.status} after ${m.attempts} attempt(s), ${formatDate(m.createdAt)}\n${escapeText(m.lastError ?? 'no error recorded')}`,
          3000,
        ),
      },
      accessory: button('Re-send', actionIds.requeueMessage, JSON.stringify({ a: data.accountId, m: m.id })),
    });
  }
  if (data.total > shown.length) blocks.push(context(moreLine(shown.length, data.total, 'failed messages (newest first); re-send these to see more')));
  return { text: `${data.total} failed message(s)`, blocks };
}
