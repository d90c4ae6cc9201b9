import type { KnownBlock } from '@slack/types';
import { context, escapeText, section } from './text.ts';

export interface HelpEntry {
  usage: string;
  summary: string;
  adminOnly: boolean;
  /** Only operators may run it (`/portal accounts`): shown to operators only. */
  operatorOnly?: boolean;
}

/**
 * `/portal help`: a person sees the commands they may run (non-admins do not
 * see admin commands, only how many there are; account admins do not see the
 * operators' `/portal accounts`). Each summary says itself
 * whether the command opens a form without arguments: most do not.
 */
export function helpMessage(
  entries: HelpEntry[],
  options: { isAdmin: boolean; isOperator?: boolean },
): { text: string; blocks: KnownBlock[] } {
  const shown = entries.filter(
    (e) => (options.isAdmin || !e.adminOnly) && (options.isOperator === true || !e.operatorOnly),
  );
  const hidden = entries.length - shown.length;
  const who = (e: HelpEntry) => (e.operatorOnly ? ' _(operators)_' : e.adminOnly ? ' _(admins)_' : '');
  const lines = shown.map((e) => `\`${escapeText(e.usage)}\`\n${escapeText(e.summary)}${who(e)}`);
  // Several sections so a long list never hits the 3,000-character limit of one text.
  const blocks: KnownBlock[] = [section('*Portal Desk: `/portal` commands*')];
  let current: string[] = [];
  for (const line of lines) {
    if ([...current, line].join('\n\n').length > 2800) {
      blocks.push(section(current.join('\n\n')));
      current = [];
    }
    current.push(line);
  }
  if (current.length) blocks.push(section(current.join('\n\n')));
  blocks.push(
    context(
      options.isAdmin
        ? 'You are a portal admin.'
        : `${hidden} more commands (invite, magic links, grants, reminders…) are for portal admins.`,
    ),
  );
  return { text: 'Portal Desk: /portal commands', blocks };
}

/** The reply to input that does not parse: what was wrong, then the right form. */
export function usageMessage(problem: string, usage: string): { text: string; blocks: KnownBlock[] } {
  const text = `${problem}\nUsage: \`${usage}\``;
  return { text, blocks: [section(text), context('`/portal help` lists every command.')] };
}
