/**
 * Confirm / Cancel under an import preview. Confirm downloads the file again
 * (the buttons carry only its id) and runs the import as one bulk job, then
 * follows the sends with the usual progress message. All of it after the ack.
 */
import type { App } from '@slack/bolt';
import { importContacts } from '../../core/imports/import-contacts.ts';
import { findImportConfirmation } from '../../core/imports/find-import-confirmation.ts';
import { recordImportConfirmation } from '../../core/imports/record-import-confirmation.ts';
import { formatDate } from '../blocks/text.ts';
import { importResultMessage, type ImportDelivery } from '../blocks/import-preview.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bulkProgress } from '../bulk-progress.ts';
import { downloadSlackFile } from '../imports/download-slack-file.ts';
import { onButton, type ActionRun } from './action-run.ts';

function deliveryOf(run: ActionRun): ImportDelivery {
  return run.value.d === 'email' || run.value.d === 'sms' ? run.value.d : 'auto';
}

export function registerImportButtons(app: App, deps: SlackDeps): void {
  /** Files being imported by this process: a double click must not invite everyone twice. */
  const running = new Set<string>();

  onButton(app, deps, actionIds.importConfirm, { what: 'import contacts' }, async (run) => {
    const fileId = typeof run.value.f === 'string' ? run.value.f : '';
    const key = `${run.account.id}:${fileId}`;
    if (!fileId || running.has(key)) return;
    running.add(key);
    try {
      // A file is imported once; sharing it again in Slack makes a new file (and a new preview).
      const file = `slack_file:${fileId}`;
      const earlier = await findImportConfirmation(run.core, { accountId: run.account.id, file });
      if (earlier) {
        await replyPrivately(
          run.deps,
          run.reply,
          simpleMessage(
            `This file was already imported (${formatDate(earlier.at)}, by ${escapeText(earlier.actor)}). To import it again, share it again.`,
          ),
          { replaceOriginal: true },
        );
        return;
      }
      await replyPrivately(
        run.deps,
        run.reply,
        simpleMessage(':hourglass_flowing_sand: Importing… the result and the sending progress follow here.'),
        { replaceOriginal: true },
      );
      const { info, content } = await downloadSlackFile(run.deps, fileId);
      await recordImportConfirmation(run.core, {
        accountId: run.account.id,
        file,
        actor: run.actor,
        metadata: { name: info.name, size: info.size },
      });
      const progress = bulkProgress({ ...run, channel: run.channelId });
      const result = await importContacts(run.core, {
        ...progress.call,
        source: content,
        channel: deliveryOf(run),
      });
      await replyPrivately(run.deps, run.reply, importResultMessage(result, { fileName: info.name }), {
        replaceOriginal: true,
      });
      progress.follow(result.invited > 0 ? result.bulkJobId : null);
    } finally {
      running.delete(key);
    }
  });

  onButton(app, deps, actionIds.importCancel, { what: 'import contacts' }, async (run) => {
    await replyPrivately(run.deps, run.reply, simpleMessage('Cancelled: nothing imported, nothing sent.'), {
      replaceOriginal: true,
    });
  });
}
