import { invalidInput } from '../../core/shared/errors.ts';

/**
 * Slack user and user group references in slash command text. With
 * "Escape channels, users, and links" on (manifest.json), a picked mention
 * arrives as `<@U123|maria>` or `<!subteam^S123|@team>`; a bare id (U…, W…,
 * S…) is accepted too, for scripts and for people who copied a member id.
 */
const mentionPattern =
  /^(?:<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>|([UWS][A-Z0-9]{2,30}))$/;

/**
 * The user or group ids of the mentions in `words`.
 * @throws AppError invalid_input naming each word that is not a mention
 */
export function parseMentions(words: string[]): string[] {
  const subjects: string[] = [];
  const invalid: Array<{ input: string; reason: string }> = [];
  for (const word of words) {
    const match = mentionPattern.exec(word);
    if (match) subjects.push((match[1] ?? match[2] ?? match[3])!);
    else
      invalid.push({
        input: word,
        reason: word.startsWith('@')
          ? 'Slack sent this as plain text, not a mention: pick the person or group from the list as you type, or give their member id (U…)'
          : 'not a Slack user or user group mention',
      });
  }
  if (invalid.length > 0) throw invalidInput('mention people or user groups, e.g. @maria or @support-leads', invalid);
  if (subjects.length === 0) throw invalidInput('mention at least one person or user group, e.g. @maria');
  return [...new Set(subjects)];
}

/**
 * Escaping also wraps emails, phone numbers and URLs (`<mailto:ana@x.com|ana@x.com>`,
 * `<tel:+14155550123|+1 415 555 0123>`, `<https://…|…>`): every subcommand reads
 * them as typed. Mentions (`<@…>`, `<!subteam^…>`, `<#C…>`) stay as Slack sent them.
 */
export function unwrapLinks(text: string): string {
  return text.replace(/<([^<>|]+)(?:\|[^<>]*)?>/g, (whole, target: string) =>
    /^[@#!]/.test(target) ? whole : target.replace(/^(?:mailto|tel):/i, ''),
  );
}

/** Slack sends `&`, `<` and `>` in command text as entities; a name is stored as the person typed it. */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
