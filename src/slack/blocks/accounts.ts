import type { KnownBlock } from '@slack/types';
import type { Account } from '../../core/accounts/account-view.ts';
import { context, escapeText, section } from './text.ts';

/** One account as a line: the same facts, in the same order, as CLI `accounts list`. */
function accountLine(account: Account): string {
  const archived = account.archivedAt ? `  _archived ${account.archivedAt.toISOString().slice(0, 10)}_` : '';
  return `• *${escapeText(account.name)}*  \`${escapeText(account.slug)}\`  ${escapeText(account.portalUrl)}${archived}`;
}

/** `/portal accounts list`: every portal this deployment serves (operators only). */
export function accountListMessage(
  accounts: Account[],
  options: { includeArchived: boolean },
): { text: string; blocks: KnownBlock[] } {
  const title = `*${accounts.length} account(s)*${options.includeArchived ? ' (archived included)' : ''}`;
  const blocks: KnownBlock[] = [section(title)];
  // Several sections: a few hundred accounts never hit the 3,000-character limit of one text (nor 50 blocks).
  let current: string[] = [];
  for (const line of accounts.map(accountLine)) {
    if ([...current, line].join('\n').length > 2800) {
      if (blocks.length >= 45) break;
      blocks.push(section(current.join('\n')));
      current = [];
    }
    current.push(line);
  }
  if (current.length && blocks.length < 46) blocks.push(section(current.join('\n')));
  blocks.push(
    context(
      options.includeArchived
        ? '`/portal accounts create "Acme Academy" --slug acme` adds one; `/portal bind <slug>` makes a channel act on it.'
        : 'Archived accounts are left out: `/portal accounts list archived` shows them.',
    ),
  );
  return { text: `${title}\n${accounts.map(accountLine).join('\n')}`.slice(0, 3000), blocks };
}
