import type { KnownBlock } from '@slack/types';
import type { DescribedEvent } from '../../core/audit/audit-sentence.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, section, truncate } from './text.ts';
import { auditLine } from './audit-lines.ts';

/** Events per History page: one section each would cost blocks, so ten lines share sections of five. */
export const HISTORY_PAGE = 10;

export function historyMessage(data: {
  name: string;
  contactId: string;
  accountId: string;
  events: DescribedEvent[];
  nextCursor: string | null;
  page: number;
}): { text: string; blocks: KnownBlock[] } {
  const title = `History of ${data.name}${data.page > 1 ? ` (page ${data.page})` : ''}`;
  if (data.events.length === 0)
    return {
      text: title,
      blocks: [
        section(`*${escapeText(truncate(title, 200))}*\nNothing recorded${data.page > 1 ? ' before this' : ''}.`),
      ],
    };
  const lines = data.events.map(auditLine);
  const blocks: KnownBlock[] = [section(`*${escapeText(truncate(title, 200))}*, newest first`)];
  for (let i = 0; i < lines.length; i += 5)
    blocks.push(
      section(
        lines
          .slice(i, i + 5)
          .join('\n')
          .slice(0, 3000),
      ),
    );
  if (data.nextCursor) {
    blocks.push({
      type: 'actions',
      elements: [
        button(
          'Older',
          actionIds.contactHistory,
          JSON.stringify({ a: data.accountId, c: data.contactId, k: data.nextCursor, p: data.page + 1 }),
        ),
      ],
    });
  } else blocks.push(context("The beginning of this contact's history."));
  return { text: title, blocks };
}
