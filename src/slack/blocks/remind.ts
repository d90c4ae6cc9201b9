import type { KnownBlock } from '@slack/types';
import type { RemindPreview } from '../../core/invitations/remind-never-active.ts';
import { actionIds } from '../action-ids.ts';
import { button, escapeText, section, truncate } from './text.ts';

export function namesSentence(sample: string[], count: number): string {
  const names = sample.map((n) => escapeText(truncate(n, 60)));
  const others = count - names.length;
  if (others > 0) return `${names.join(', ')} and ${others} other${others === 1 ? '' : 's'}`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The ephemeral "are you sure" before a reminder bulk job. */
export function remindConfirmation(
  preview: RemindPreview,
  options: { olderThanDays: number; accountId: string },
): { text: string; blocks: KnownBlock[] } {
  const when = options.olderThanDays > 0 ? ` more than ${options.olderThanDays} day(s) ago` : '';
  if (preview.count === 0)
    return {
      text: 'Nobody to remind.',
      blocks: [section(`Nobody invited${when} is still waiting to sign in. Nothing to send.`)],
    };
  const text = `Re-send the invite to ${preview.count} contact(s) invited${when} who never signed in: ${namesSentence(preview.sample, preview.count)}?`;
  const value = JSON.stringify({ a: options.accountId, d: options.olderThanDays });
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          button(`Remind ${preview.count}`, actionIds.remindConfirm, value, 'primary'),
          button('Cancel', actionIds.remindCancel, value),
        ],
      },
    ],
  };
}
