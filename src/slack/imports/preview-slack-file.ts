import { previewImport } from '../../core/imports/preview-import.ts';
import { INVALID_ROWS_LISTED, importPreviewMessage, type ImportDelivery } from '../blocks/import-preview.ts';
import type { SlackMessage } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { downloadSlackFile } from './download-slack-file.ts';

/**
 * Downloads a CSV shared with the app and says what importing it would do,
 * with Confirm and Cancel buttons. Writes nothing. Runs after the ack: the
 * core streams the rows and yields between batches, so a 50,000-row file
 * never holds up other Slack requests.
 * @throws AppError when the file cannot be read (not a CSV, gone, too big, no header)
 */
export async function previewSlackFile(
  deps: SlackDeps,
  options: { accountId: string; fileId: string; delivery: ImportDelivery },
): Promise<SlackMessage> {
  const { info, content } = await downloadSlackFile(deps, options.fileId);
  const preview = await previewImport(deps.context.core, {
    accountId: options.accountId,
    source: content,
    channel: options.delivery,
    maxInvalidListed: INVALID_ROWS_LISTED,
  });
  return importPreviewMessage(preview, {
    fileName: info.name,
    value: { a: options.accountId, f: info.id, d: options.delivery },
  });
}
