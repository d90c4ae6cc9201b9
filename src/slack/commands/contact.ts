import { findContact } from '../../core/contacts/find-contact.ts';
import { contactModal } from '../views/modals.ts';
import { loadContactCard } from '../actions/load-contact-card.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type Subcommand } from './subcommand.ts';

export const contact: Subcommand = {
  name: 'contact',
  aliases: ['lookup', 'whois'],
  usage: '/portal contact <email or phone>',
  summary:
    'A contact card: status, access, last login, last messages and their delivery, with buttons to act. Without an address: a form to find the contact.',
  adminOnly: true,
  what: 'look contacts up',
  modal: (run) => contactModal(originOf(run)),
  async run(run) {
    const found = await findContact(run.core, { accountId: run.account.id, lookup: run.text });
    await replyPrivately(
      run.deps,
      run.reply,
      await loadContactCard(run.deps, { accountId: run.account.id, contact: found }),
    );
  },
};
