import { auditSentence, type DescribedEvent, type SentenceStyle } from '../../core/audit/audit-sentence.ts';
import { escapeText, slackDate, truncate } from './text.ts';

/** Slack users as mentions (each reader sees the name), names escaped for mrkdwn. */
export const slackStyle: SentenceStyle = { mention: (userId) => `<@${userId}>`, escape: escapeText };

/** One line of activity: "• Nov 30 at 9:14 — Ana invited by @maria". */
export function auditLine(event: DescribedEvent): string {
  return `• ${slackDate(event.createdAt)}: ${truncate(auditSentence(event, slackStyle), 400)}`;
}
