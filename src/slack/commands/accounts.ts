import { archiveAccount } from '../../core/accounts/archive-account.ts';
import { createAccount } from '../../core/accounts/create-account.ts';
import { listAccounts } from '../../core/accounts/list-accounts.ts';
import { renameAccount } from '../../core/accounts/rename-account.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { accountListMessage } from '../blocks/accounts.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import { unescapeEntities } from './escaped-text.ts';
import type { Subcommand } from './subcommand.ts';

const usage =
  '/portal accounts [list [archived]] | create "<name>" --slug <slug> | rename <slug> "<new name>" | archive <slug>';

/**
 * Splits command text into words, keeping "quoted names" (straight or the
 * curly quotes Slack's editor types on macOS) as one word.
 */
export function splitQuoted(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/["“”]([^"“”]*)["“”]|(\S+)/g)) words.push((match[1] ?? match[2])!);
  return words;
}

/** `--slug acme` (or `--slug=acme`) out of the words; the rest stays in order. */
function takeOption(words: string[], name: string): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === `--${name}`) {
      value = words[i + 1];
      if (value === undefined) throw invalidInput(`${name}: --${name} needs a value`);
      i += 1;
    } else if (word.startsWith(`--${name}=`)) value = word.slice(name.length + 3);
    else rest.push(word);
  }
  return { value, rest };
}

/**
 * `/portal accounts`: operators create, list, rename and archive accounts
 * (issue #16), with the core functions and wording of CLI `accounts` and
 * /api/v1/accounts. Operators only: an account admin manages one account.
 */
export const accounts: Subcommand = {
  name: 'accounts',
  usage,
  summary: 'Create, list, rename and archive portal accounts (one portal per client). Operators only.',
  adminOnly: true,
  operatorOnly: true,
  what: 'manage accounts',
  async run(run) {
    const [verb = 'list', ...words] = splitQuoted(run.text);
    const say = (text: string) => replyPrivately(run.deps, run.reply, simpleMessage(text));
    switch (verb.toLowerCase()) {
      case 'list': {
        const archived = words.length === 1 && /^(?:--)?archived$/i.test(words[0]!);
        if (words.length && !archived) throw invalidInput('accounts list takes nothing, or "archived"');
        const found = await listAccounts(run.core, { includeArchived: archived });
        await replyPrivately(run.deps, run.reply, accountListMessage(found, { includeArchived: archived }));
        return;
      }
      case 'create': {
        const slug = takeOption(words, 'slug');
        const portalUrl = takeOption(slug.rest, 'portal-url');
        if (!slug.value || portalUrl.rest.length === 0)
          throw invalidInput('name and slug: /portal accounts create "Acme Academy" --slug acme');
        const account = await createAccount(run.core, {
          name: unescapeEntities(portalUrl.rest.join(' ')),
          slug: slug.value,
          portalUrl: portalUrl.value,
          actor: run.actor,
        });
        await say(
          `:white_check_mark: Created account "${escapeText(account.name)}" (\`${escapeText(account.slug)}\`), portal ${escapeText(account.portalUrl)}. \`/portal bind ${escapeText(account.slug)}\` makes a channel act on it.`,
        );
        return;
      }
      case 'rename': {
        const [slug, ...name] = words;
        if (!slug || name.length === 0)
          throw invalidInput('slug and name: /portal accounts rename acme "Acme Academy Pro"');
        const account = await renameAccount(run.core, {
          slug,
          name: unescapeEntities(name.join(' ')),
          actor: run.actor,
        });
        await say(`Account \`${escapeText(account.slug)}\` is now called "${escapeText(account.name)}".`);
        return;
      }
      case 'archive': {
        if (words.length !== 1) throw invalidInput('slug: /portal accounts archive acme');
        const account = await archiveAccount(run.core, { slug: words[0]!, actor: run.actor });
        await say(
          `Archived account \`${escapeText(account.slug)}\`: its data stays, and it sends no new invites or links.`,
        );
        return;
      }
      default:
        throw invalidInput(`"${verb}" is not an accounts action: list, create, rename or archive`);
    }
  },
};
