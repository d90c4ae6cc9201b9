import { bindSlackChannel } from '../../core/accounts/bind-slack-channel.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

export const bind: Subcommand = {
  name: 'bind',
  usage: '/portal bind [account slug]',
  summary:
    'Make this channel act on another portal account (agencies with several portals). Without a slug: shows which account this channel uses.',
  adminOnly: true,
  what: 'bind channels to accounts',
  async run(run) {
    if (run.args.length === 0) {
      await replyPrivately(
        run.deps,
        run.reply,
        simpleMessage(`This channel acts on *${escapeText(run.account.name)}* (\`${escapeText(run.account.slug)}\`).`),
      );
      return;
    }
    if (run.args.length > 1) throw invalidInput('an account slug is one word');
    const account = await bindSlackChannel(run.core, {
      slug: run.args[0]!,
      teamId: run.teamId,
      enterpriseId: run.enterpriseId,
      channelId: run.channelId,
      actor: run.actor,
    });
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(`:link: This channel now acts on *${escapeText(account.name)}* (\`${escapeText(account.slug)}\`).`),
    );
  },
};
