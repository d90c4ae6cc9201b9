/** The import modal: the CSV goes to the same preview as a file shared in a DM. */
import type { App } from '@slack/bolt';
import { invalidInput } from '../../core/shared/errors.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import type { ImportDelivery } from '../blocks/import-preview.ts';
import { viewIds } from '../action-ids.ts';
import { errorText } from '../error-text.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { stateChoice } from '../views/fields.ts';
import { importBlockIds } from '../views/import-modal.ts';
import { previewSlackFile } from '../imports/preview-slack-file.ts';
import { onSubmit } from './submission.ts';

type FileState = Record<string, Record<string, { files?: Array<{ id?: string; name?: string }> }>>;

export function registerImportSubmit(app: App, deps: SlackDeps): void {
  onSubmit(app, deps, viewIds.import, { what: 'import contacts', errorBlock: importBlockIds.file }, async (s) => {
    const files = Object.values((s.state as unknown as FileState)[importBlockIds.file] ?? {})[0]?.files ?? [];
    const file = files[0];
    if (!file?.id) throw invalidInput('attach one CSV file');
    const choice = stateChoice(s.state, importBlockIds.delivery);
    const delivery: ImportDelivery = choice === 'email' || choice === 'sms' ? choice : 'auto';
    const name = escapeText(file.name ?? 'the file');
    return {
      // The modal closes at once; reading a big file happens after.
      message: simpleMessage(
        `:hourglass_flowing_sand: Reading ${name}… the summary follows here before anything is sent.`,
      ),
      after: async () => {
        try {
          await replyPrivately(
            s.deps,
            s.reply,
            await previewSlackFile(s.deps, { accountId: s.account.id, fileId: file.id!, delivery }),
          );
        } catch (error) {
          await replyPrivately(s.deps, s.reply, {
            text: `${name}: ${errorText(error, s.deps.logger, { view: viewIds.import, file: file.id })}`,
          });
        }
      },
    };
  });
}
