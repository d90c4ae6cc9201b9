import { archiveAccount } from '../../core/accounts/archive-account.ts';
import { createAccount } from '../../core/accounts/create-account.ts';
import { listAccounts } from '../../core/accounts/list-accounts.ts';
import { renameAccount } from '../../core/accounts/rename-account.ts';
import { createInstallLink } from '../../core/slack-installations/create-install-link.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { accountListMessage } from '../blocks/accounts.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import { unescapeEntities } from './escaped-text.ts';
import type { CommandRun, Subcommand } from './subcommand.ts';

const usage =
  '/portal accounts [list [archived]] | create "<name>" --slug <slug> | rename <slug> "<new name>" | archive <slug> | install-link <slug> [hours]';

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
  summary:
    'Create, list, rename and archive portal accounts (one portal per client); install-link binds a client’s Slack workspace to one. Operators only.',
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
      case 'install-link':
        await installLink(run, words);
        return;
      default:
        throw invalidInput(`"${verb}" is not an accounts action: list, create, rename, archive or install-link`);
    }
  },
};

/**
 * `install-link <slug> [hours]` (or `--hours`): the link CLI `accounts
 * install-link` prints, worded the same. Ephemeral or nothing: whoever holds
 * it can bind their workspace to the account until it expires.
 */
async function installLink(run: CommandRun, words: string[]): Promise<void> {
  const option = takeOption(words, 'hours');
  const [slug, positional, ...extra] = option.rest;
  const given = option.value ?? positional;
  if (!slug || extra.length > 0 || (option.value !== undefined && positional !== undefined))
    throw invalidInput('slug: /portal accounts install-link acme [hours]');
  // Without SLACK_CLIENT_ID there is no /slack/install for the link to open.
  if (!run.deps.multiWorkspace)
    throw invalidInput(
      'install links need Slack for many workspaces (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET); this service uses one bot token (SLACK_BOT_TOKEN)',
    );
  const link = await createInstallLink(run.core, {
    slug,
    hours: given === undefined ? undefined : Number(given),
    actor: run.actor,
  });
  const until = link.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  const text = `Send this to the Slack admin of ${escapeText(link.account.name)}'s workspace; installing through it binds the workspace to \`${escapeText(link.account.slug)}\` (until ${until} UTC):\n${link.url}`;
  const shown = await replyPrivately(run.deps, run.reply, simpleMessage(text), { ephemeralOnly: true });
  if (!shown)
    run.deps.logger.warn('slack: an install link could not be shown privately; it was not sent anywhere else', {
      account: link.account.slug,
    });
}
