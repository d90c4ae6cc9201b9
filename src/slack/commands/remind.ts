import { remindNeverActive } from '../../core/invitations/remind-never-active.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { remindConfirmation } from '../blocks/remind.ts';
import { replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

/** "30", "30d", "30 days" */
export function parseDays(args: string[]): number {
  if (args.length === 0) return 0;
  const match = /^(\d{1,4})\s*(d|days?)?$/i.exec(args.join(' '));
  const days = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(days) || days > 3650)
    throw invalidInput(`"${args.join(' ')}" is not a number of days (0 to 3650)`);
  return days;
}

export const remind: Subcommand = {
  name: 'remind',
  usage: '/portal remind [days]',
  summary:
    'Re-send the invite to everyone invited who never signed in (optionally only those invited more than N days ago). Asks first.',
  adminOnly: true,
  what: 'send reminders',
  async run(run) {
    const days = parseDays(run.args);
    const preview = await remindNeverActive(run.core, {
      accountId: run.account.id,
      olderThanDays: days,
      actor: run.actor,
      dryRun: true,
    });
    await replyPrivately(
      run.deps,
      run.reply,
      remindConfirmation(preview, { olderThanDays: days, accountId: run.account.id }),
    );
  },
};
