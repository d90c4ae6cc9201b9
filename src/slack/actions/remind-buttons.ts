/** The reminder flow: stats button -> private confirmation -> bulk job with progress. */
import type { App } from '@slack/bolt';
import { remindNeverActive } from '../../core/invitations/remind-never-active.ts';
import { remindConfirmation } from '../blocks/remind.ts';
import { simpleMessage } from '../blocks/results.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onButton, type ActionRun } from './action-run.ts';
import { bulkProgress } from '../bulk-progress.ts';

function days(run: ActionRun): number {
  const d = Number(run.value.d ?? 0);
  return Number.isInteger(d) && d >= 0 && d <= 3650 ? d : 0;
}

export function registerRemindButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.remindFromStats, { what: 'send reminders' }, async (run) => {
    const olderThanDays = days(run);
    const preview = await remindNeverActive(run.core, {
      accountId: run.account.id,
      olderThanDays,
      actor: run.actor,
      dryRun: true,
    });
    await replyPrivately(
      run.deps,
      run.reply,
      remindConfirmation(preview, { olderThanDays, accountId: run.account.id }),
    );
  });
  onButton(app, deps, actionIds.remindConfirm, { what: 'send reminders' }, async (run) => {
    const progress = bulkProgress({ ...run, channel: run.channelId });
    const result = await remindNeverActive(run.core, {
      ...progress.call,
      olderThanDays: days(run),
    });
    const skipped =
      result.skipped > 0
        ? ` ${result.skipped} can no longer be reached (texts only, opted out) and were left out.`
        : '';
    const reminded = result.invited.length;
    const text =
      result.count === 0
        ? 'Nobody is waiting to sign in any more; nothing sent.'
        : reminded === 0
          ? `Nothing sent.${skipped}`
          : `:envelope: Reminding ${reminded} contact(s). Progress is posted in this channel.${skipped}`;
    await replyPrivately(run.deps, run.reply, simpleMessage(text), { replaceOriginal: true });
    progress.follow(result.bulkJobId);
  });
  onButton(app, deps, actionIds.remindCancel, { what: 'send reminders' }, async (run) => {
    await replyPrivately(run.deps, run.reply, simpleMessage('Cancelled: no reminders sent.'), {
      replaceOriginal: true,
    });
  });
}
