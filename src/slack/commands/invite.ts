import { inviteContacts } from '../../core/invitations/invite-contacts.ts';
import { splitAddresses } from '../../core/contacts/parse-address.ts';
import { inviteResultMessage } from '../blocks/results.ts';
import { inviteModal } from '../views/modals.ts';
import { replyPrivately } from '../reply.ts';
import { bulkProgress } from '../bulk-progress.ts';
import { originOf, takeChannel, type Subcommand } from './subcommand.ts';

export const invite: Subcommand = {
  name: 'invite',
  usage: '/portal invite <email or phone> … [sms|email]',
  summary:
    'Invite one or many contacts (separated by spaces, commas or new lines). Without addresses: a form with contact search and grants.',
  adminOnly: true,
  what: 'invite contacts',
  modal: (run) => inviteModal(originOf(run)),
  async run(run) {
    const { channel, rest } = takeChannel(splitAddresses(run.text));
    const progress = bulkProgress({ ...run, channel: run.channelId });
    const result = await inviteContacts(run.core, {
      ...progress.call,
      invitees: rest,
      channel: channel ?? 'auto',
    });
    await replyPrivately(run.deps, run.reply, inviteResultMessage(result));
    progress.follow(result.bulkJobId);
  },
};
