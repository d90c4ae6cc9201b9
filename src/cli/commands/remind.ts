import { remindNeverActive } from '../../core/invitations/remind-never-active.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const remind: CliCommand = {
  name: 'remind',
  usage: 'remind [days] [--yes]',
  summary:
    'Re-send the invite to everyone invited who never signed in (optionally invited over N days ago); asks first',
  async run(context, { positionals }) {
    if (positionals.length > 1 || (positionals[0] !== undefined && !/^\d{1,4}$/.test(positionals[0])))
      throw new UsageError('days is a whole number (0 to 3650)');
    const olderThanDays = positionals[0] ? Number(positionals[0]) : 0;
    const options = { accountId: context.account.id, olderThanDays, actor: context.actor };
    const preview = await remindNeverActive(context.core, { ...options, dryRun: true });
    if (preview.count === 0)
      return report(
        context,
        { count: 0, queued: 0 },
        'Nobody to remind: every invited contact has signed in (or none is old enough).',
      );
    const question = `Re-send the invite to ${preview.count} contact(s) who never signed in (${preview.sample.join(', ')}${preview.count > preview.sample.length ? ', …' : ''})?`;
    await context.confirm(question);
    const result = await remindNeverActive(context.core, options);
    report(
      context,
      { count: result.count, queued: result.invited.length, skipped: result.skipped, bulkJobId: result.bulkJobId },
      `Reminder queued for ${result.invited.length} contact(s)${result.skipped ? ` (${result.skipped} unreachable left out)` : ''}. The running service sends them.`,
    );
  },
};
