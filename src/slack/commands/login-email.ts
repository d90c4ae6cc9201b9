import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { splitAddresses } from '../../core/contacts/parse-address.ts';
import { loginResultMessage } from '../blocks/results.ts';
import { loginEmailModal } from '../views/modals.ts';
import { replyPrivately } from '../reply.ts';
import { bulkProgress } from '../bulk-progress.ts';
import { originOf, takeChannel, type Subcommand } from './subcommand.ts';

export const loginEmail: Subcommand = {
  name: 'login-email',
  aliases: ['login', 'loginemail', 'login-emails'],
  usage: '/portal login-email <email> … [sms]',
  summary:
    'Send existing contacts a one-click login link and code; many at once report progress here. Without addresses: pick contacts in a form.',
  adminOnly: true,
  what: 'send login emails',
  modal: (run) => loginEmailModal(originOf(run)),
  async run(run) {
    const { channel, rest } = takeChannel(splitAddresses(run.text));
    const progress = bulkProgress({ ...run, channel: run.channelId });
    const result = await queueLoginEmails(run.core, {
      ...progress.call,
      contacts: rest,
      channel: channel ?? 'email',
    });
    await replyPrivately(run.deps, run.reply, loginResultMessage(result));
    progress.follow(result.bulkJobId);
  },
};
