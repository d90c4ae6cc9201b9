import type { App } from '@slack/bolt';
import { resendMessage } from '../../core/outbox/resend-message.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onButton } from './action-run.ts';

export function registerFailedButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.requeueMessage, { what: 're-send messages' }, async (run) => {
    const message = await resendMessage(run.core, {
      accountId: run.account.id,
      messageId: String(run.value.m ?? ''),
      actor: run.actor,
    });
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(
        `:repeat: ${message.template} to ${escapeText(message.toAddress)} is queued again${message.id === run.value.m ? '' : ' (as a new message: the provider had accepted the first)'}.`,
      ),
    );
  });
}
