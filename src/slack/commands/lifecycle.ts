/** `/portal deactivate`, `/portal reactivate`, `/portal erase`: each names one contact. */
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { reactivateContact } from '../../core/lifecycle/reactivate-contact.ts';
import { previewErasure } from '../../core/lifecycle/preview-erasure.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { confirmDeactivateMessage, confirmEraseMessage } from '../blocks/lifecycle.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandRun, Subcommand } from './subcommand.ts';

function oneAddress(run: CommandRun): string {
  if (run.args.length !== 1) throw invalidInput('name one contact: their email or phone number');
  return run.args[0]!;
}

export const deactivate: Subcommand = {
  name: 'deactivate',
  aliases: ['turn-off'],
  usage: '/portal deactivate <email or phone>',
  summary: "Turn a contact's access off (asks first): sessions end, links stop working, sign-in is refused.",
  adminOnly: true,
  what: 'turn access off',
  async run(run) {
    const contact = await findContact(run.core, { accountId: run.account.id, lookup: oneAddress(run) });
    if (contact.status === 'deactivated') {
      await replyPrivately(
        run.deps,
        run.reply,
        simpleMessage(
          `${escapeText(displayName(contact))}'s access is already turned off. \`/portal reactivate ${escapeText(run.args[0]!)}\` turns it back on.`,
        ),
      );
      return;
    }
    await replyPrivately(run.deps, run.reply, confirmDeactivateMessage(run.account.id, contact));
  },
};

export const reactivate: Subcommand = {
  name: 'reactivate',
  aliases: ['turn-on'],
  usage: '/portal reactivate <email or phone>',
  summary: "Turn a contact's access back on (active if they had signed in before, otherwise invited).",
  adminOnly: true,
  what: 'turn access back on',
  async run(run) {
    const found = await findContact(run.core, { accountId: run.account.id, lookup: oneAddress(run) });
    const { contact, changed } = await reactivateContact(run.core, {
      accountId: run.account.id,
      contactId: found.id,
      actor: run.actor,
    });
    const name = escapeText(displayName(contact));
    const text = changed
      ? `:white_check_mark: ${name}'s access is back on (*${contact.status}*). Their old links stay revoked: send a new one from their card.`
      : `${name}'s access was not turned off (*${contact.status}*); nothing changed.`;
    await replyPrivately(run.deps, run.reply, simpleMessage(text));
  },
};

export const erase: Subcommand = {
  name: 'erase',
  usage: '/portal erase <email or phone>',
  summary: 'Erase a contact for good (right to erasure); asks first, naming what will go.',
  adminOnly: true,
  what: 'erase contacts',
  async run(run) {
    const preview = await previewErasure(run.core, { accountId: run.account.id, lookup: oneAddress(run) });
    await replyPrivately(run.deps, run.reply, confirmEraseMessage(run.account.id, preview));
  },
};
