import { countPortalUsers } from '../../core/stats/count-portal-users.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { remindOffer, statsMessage } from '../blocks/stats.ts';
import { replyInChannel, replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

export const stats: Subcommand = {
  name: 'stats',
  usage: '/portal stats',
  summary:
    'Post portal stats in this channel for everyone: invited, active, activation rate, links sent and redeemed. Admins also get, privately, a button to remind those who never signed in.',
  adminOnly: false,
  what: 'see stats',
  async run(run) {
    if (run.args.length > 0) throw invalidInput('stats takes no arguments');
    const numbers = await countPortalUsers(run.core, { accountId: run.account.id });
    await replyInChannel(run.deps, run.reply, statsMessage(numbers));
    if (run.isAdmin && numbers.invitedNeverActive > 0) await replyPrivately(run.deps, run.reply, remindOffer(numbers));
  },
};
