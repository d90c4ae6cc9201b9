import { listDeadMessages } from '../../core/outbox/list-dead-messages.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { FAILED_PAGE, failedMessagesMessage } from '../blocks/failed.ts';
import { replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

export const failed: Subcommand = {
  name: 'failed',
  aliases: ['dead'],
  usage: '/portal failed',
  summary:
    "Messages that did not arrive (dead, refused, bounced, undelivered), newest first, with the provider's reason, Re-send and Edit address.",
  adminOnly: true,
  what: 'see and re-send failed messages',
  async run(run) {
    if (run.args.length > 0) throw invalidInput('failed takes no arguments');
    const { messages, total } = await listDeadMessages(run.core, { accountId: run.account.id, limit: FAILED_PAGE });
    await replyPrivately(run.deps, run.reply, failedMessagesMessage({ messages, total, accountId: run.account.id }));
  },
};
