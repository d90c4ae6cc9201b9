/**
 * Small Block Kit pieces that keep every view inside Slack's limits. User
 * text (names, addresses, errors) is escaped so that a contact called
 * "<!channel>" cannot ping a channel or forge a link.
 */
import type { Button, ContextBlock, DividerBlock, HeaderBlock, PlainTextElement, SectionBlock } from '@slack/types';

export const limits = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  text: 3000,
  modalTitle: 24,
  /** Slack allows 75; the issue asks for 24 so buttons stay readable on phones. */
  buttonText: 24,
  headerText: 150,
  optionText: 75,
  actionValue: 2000,
  privateMetadata: 3000,
  contextElements: 10,
  actionsElements: 25,
  sectionFields: 10,
  fieldText: 2000,
} as const;

/** Cuts text to `max` characters, ending with "…" when something was cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function plain(text: string, max: number = limits.text): PlainTextElement {
  return { type: 'plain_text', text: truncate(text || ' ', max), emoji: true };
}

export function section(markdown: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown || ' ', limits.text) } };
}

export function fields(items: string[]): SectionBlock {
  return {
    type: 'section',
    fields: items
      .slice(0, limits.sectionFields)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text || ' ', limits.fieldText) })),
  };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, limits.headerText) };
}

export function context(...markdown: string[]): ContextBlock {
  return {
    type: 'context',
    elements: markdown
      .slice(0, limits.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text || ' ', limits.text) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  if (value !== undefined && value.length > limits.actionValue)
    throw new Error(`button value for ${actionId} is longer than ${limits.actionValue} characters`);
  return {
    type: 'button',
    text: plain(text, limits.buttonText),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

/** "12 of 40 shown" line for lists cut to fit. */
export function moreLine(shown: number, total: number, what: string): string {
  return `Showing ${shown} of ${total} ${what}.`;
}

/**
 * A time in the reader's own time zone: Slack renders `<!date^…>` per
 * viewer; the UTC text after `|` is what clients that cannot render it show.
 * For mrkdwn only (not plain_text).
 */
export function formatDate(date: Date | null | undefined): string {
  if (!date) return 'never';
  const fallback = date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/**
 * A time every reader sees in their own time zone (Slack's date token);
 * the fallback after | is what clients without it show.
 */
export function slackDate(date: Date | null | undefined): string {
  if (!date) return 'never';
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} at {time}|${formatDate(date)}>`;
}
