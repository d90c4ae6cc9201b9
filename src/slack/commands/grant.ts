import { grantAccess } from '../../core/access/grant-access.ts';
import { revokeAccess } from '../../core/access/revoke-access.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { grantLabel } from '../blocks/contact-card.ts';
import { simpleMessage } from '../blocks/results.ts';
import { grantResultText } from '../blocks/grant-result.ts';
import { escapeText } from '../blocks/text.ts';
import { grantModal } from '../views/modals.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type CommandRun, type Subcommand } from './subcommand.ts';

/** Slack sends a typed URL as <https://…> or <https://…|label>. */
const unwrap = (word: string) => word.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');

/** `url:https://…` anywhere after the kind: where the course or community really lives; the other words are its name. */
function takeUrl(words: string[]): { name: string[]; url?: string } {
  const at = words.findIndex((word) => /^url:/i.test(word));
  if (at === -1) return { name: words };
  const url = unwrap(words[at]!.slice(4)) || unwrap(words[at + 1] ?? '');
  if (!url)
    throw invalidInput('url: needs the address where it lives, e.g. url:https://courses.example.com/intro-to-seo');
  const used = words[at]!.length > 4 ? 1 : 2;
  return { name: [...words.slice(0, at), ...words.slice(at + used)], url };
}

async function change(run: CommandRun, mode: 'grant' | 'revoke'): Promise<void> {
  const [address, kind, ...words] = run.args;
  if (!kind) throw invalidInput(`say what to ${mode}: course, community or affiliate`);
  const { name, url } = takeUrl(words);
  if (url && mode === 'revoke')
    throw invalidInput('url: goes with grant (where a course or community lives), not with revoke');
  const core = run.core;
  const contact = await findContact(core, { accountId: run.account.id, lookup: address! });
  const options = {
    accountId: run.account.id,
    contactId: contact.id,
    kind,
    resourceName: name.join(' ') || undefined,
    actor: run.actor,
  };
  const who = escapeText(displayName(contact));
  if (mode === 'grant') {
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(grantResultText(who, await grantAccess(core, { ...options, resourceUrl: url }))),
    );
  } else {
    const grant = await revokeAccess(core, options);
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(`:no_entry: ${who} no longer has ${escapeText(grantLabel(grant))}.`),
    );
  }
}

export const grant: Subcommand = {
  name: 'grant',
  usage: '/portal grant <email> course|community|affiliate [name] [url:https://…]',
  summary:
    'Give a contact a course, a community or the affiliate area; url: where it really lives (in an app). Without arguments: a form.',
  adminOnly: true,
  what: 'grant access',
  modal: (run) => grantModal({ ...originOf(run), m: 'grant' }),
  run: (run) => change(run, 'grant'),
};

export const revoke: Subcommand = {
  name: 'revoke',
  usage: '/portal revoke <email> course|community|affiliate [name]',
  summary: 'Take access away again. Without arguments: a form.',
  adminOnly: true,
  what: 'revoke access',
  modal: (run) => grantModal({ ...originOf(run), m: 'revoke' }),
  run: (run) => change(run, 'revoke'),
};
