import { grantAccess } from '../../core/access/grant-access.ts';
import { revokeAccess } from '../../core/access/revoke-access.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { grantLabel } from '../blocks/contact-card.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { grantModal } from '../views/modals.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type CommandRun, type Subcommand } from './subcommand.ts';

async function change(run: CommandRun, mode: 'grant' | 'revoke'): Promise<void> {
  const [address, kind, ...name] = run.args;
  if (!kind) throw invalidInput(`say what to ${mode}: course, community or affiliate`);
  const core = run.core;
  const contact = await findContact(core, { accountId: run.account.id, lookup: address! });
  const options = { accountId: run.account.id, contactId: contact.id, kind, resourceName: name.join(' ') || undefined, actor: run.actor };
  const who = escapeText(displayName(contact));
  if (mode === 'grant') {
    const { grant, changed } = await grantAccess(core, options);
    await replyPrivately(run.deps, run.reply, simpleMessage(changed ? `:white_check_mark: ${who} now has ${escapeText(grantLabel(grant))}.` : `${who} already had ${escapeText(grantLabel(grant))}; nothing changed.`));
  } else {
    const grant = await revokeAccess(core, options);
    await replyPrivately(run.deps, run.reply, simpleMessage(`:no_entry: ${who} no longer has ${escapeText(grantLabel(grant))}.`));
  }
}

export const grant: Subcommand = {
  name: 'grant',
  usage: '/portal grant <email> course|community|affiliate [name]',
  summary: 'Give a contact a course, a community or the affiliate area. Without arguments: a form.',
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
