import type { KnownBlock } from '@slack/types';
import type { AccountAdminView } from '../../core/admins/admin-subject.ts';
import { context, escapeText, section } from './text.ts';
import { mentionList, slackMention } from './mention.ts';

/** Who added an admin, as Slack shows it: a mention, an API key or the command line. */
function addedBy(actor: string): string {
  if (actor.startsWith('slack:')) return slackMention(actor.slice('slack:'.length));
  if (actor.startsWith('api:')) return 'an API key';
  return 'the command line';
}

/** `/portal admins list`: the account's own admins, then the operators who administer every account. */
export function adminListMessage(data: {
  accountName: string;
  accountSlug: string;
  admins: AccountAdminView[];
  operators: string[];
}): { text: string; blocks: KnownBlock[] } {
  const title = `*Admins of ${escapeText(data.accountName)}* (\`${escapeText(data.accountSlug)}\`)`;
  const lines = data.admins.map(
    (admin) =>
      `• ${slackMention(admin.subject)}${admin.kind === 'group' ? ' (user group: every member)' : ''}, added by ${addedBy(admin.createdBy)} on ${admin.createdAt.toISOString().slice(0, 10)}`,
  );
  const body = lines.length
    ? lines.join('\n')
    : 'No admins of its own yet. Add one with `/portal admins add @person` (or a user group).';
  const operators = data.operators.length
    ? `Operators are admins of every account: ${mentionList(data.operators)}.`
    : 'Operators (PORTAL_OPERATORS) are admins of every account.';
  const text = `${title}\n${body}`;
  return { text, blocks: [section(text.slice(0, 2900)), context(operators)] };
}

/** After `/portal admins add`: who is now an admin, and who already was. */
export function adminsAddedMessage(accountName: string, added: string[], already: string[]): { text: string } {
  const name = `*${escapeText(accountName)}*`;
  const parts: string[] = [];
  if (added.length) parts.push(`:white_check_mark: ${mentionList(added)} can now administer ${name}.`);
  if (already.length)
    parts.push(
      `${mentionList(already)} ${already.length === 1 ? 'was already an admin' : 'were already admins'} of ${name}.`,
    );
  return { text: parts.join(' ') };
}

export function adminsRemovedMessage(accountName: string, removed: string[]): { text: string } {
  return {
    text: `${mentionList(removed)} no longer administer${removed.length === 1 ? 's' : ''} *${escapeText(accountName)}*. (Operators stay admins of every account.)`,
  };
}
