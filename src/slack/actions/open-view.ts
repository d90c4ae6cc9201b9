import type { ModalView } from '@slack/types';
import { slackErrorCode } from '../error-text.ts';
import { replyPrivately } from '../reply.ts';
import type { ActionRun } from './action-run.ts';

/** views.open with the button's trigger_id; an expired trigger becomes a private note instead of silence. */
export async function openView(run: ActionRun, view: ModalView): Promise<void> {
  try {
    await run.deps.client.views.open({ trigger_id: run.triggerId, view });
  } catch (error) {
    const code = slackErrorCode(error);
    run.deps.logger.warn('slack: cannot open modal from a button', { error: code ?? String(error) });
    await replyPrivately(run.deps, run.reply, {
      text:
        code === 'expired_trigger_id'
          ? 'Slack took too long to open the form; press the button again.'
          : `The form could not open (${code ?? 'Slack did not answer'}).`,
    });
  }
}
