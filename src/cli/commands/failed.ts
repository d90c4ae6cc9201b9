import { listDeadMessages } from '../../core/outbox/list-dead-messages.ts';
import { resendMessage } from '../../core/outbox/resend-message.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const failed: CliCommand = {
  name: 'failed',
  usage: 'failed [--limit 20]',
  summary:
    "Messages that did not reach their recipient (dead, failed, bounced, undelivered), with the provider's reason",
  options: { limit: { type: 'string' } },
  async run(context, { positionals, values }) {
    if (positionals.length > 0) throw new UsageError('failed takes no arguments');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit is 1 to 200');
    const { messages, total } = await listDeadMessages(context.core, { accountId: context.account.id, limit });
    const lines = messages.map((m) => {
      const state = m.status === 'sent' ? (m.deliveryStatus ?? 'sent') : m.status;
      return `  ${m.id}  ${m.template} by ${m.channel} to ${m.toAddress}: ${state}: ${m.deliveryDetail ?? m.lastError ?? 'no reason given'}`;
    });
    report(
      context,
      { total, messages },
      total === 0
        ? 'No failed messages.'
        : [`${total} failed message(s), newest first (re-send one with: requeue <id>):`, ...lines].join('\n'),
    );
  },
};

export const requeue: CliCommand = {
  name: 'requeue',
  usage: 'requeue <message id>',
  summary: "Re-send a failed message (a bounced one goes to the contact's current address)",
  async run(context, { positionals }) {
    if (positionals.length !== 1) throw new UsageError('name one message id (from: failed)');
    const message = await resendMessage(context.core, {
      accountId: context.account.id,
      messageId: positionals[0]!,
      actor: context.actor,
    });
    report(
      context,
      { message },
      `${message.template} to ${message.toAddress} is queued again (message ${message.id}).`,
    );
  },
};
