/** How Slack shows a user (<@U…>) or a user group (<!subteam^S…>) in message text. */
export function slackMention(subject: string): string {
  return subject.startsWith('S') ? `<!subteam^${subject}>` : `<@${subject}>`;
}

/** Mentions joined with commas, the rest counted: a refusal stays one readable line. */
export function mentionList(subjects: string[], max = 10): string {
  const shown = subjects.slice(0, max).map(slackMention).join(', ');
  return subjects.length > max ? `${shown} and ${subjects.length - max} more` : shown;
}
