import type { App } from '@slack/bolt';
import { parseContactFilter } from '../../core/contacts/contact-filter.ts';
import { simpleMessage } from '../blocks/results.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import { slackErrorCode } from '../error-text.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { contactListPage } from '../commands/list.ts';
import { exportToDm } from '../export-to-dm.ts';
import { onButton } from './action-run.ts';

export function registerListButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.listNext, { what: 'list contacts' }, async (run) => {
    const message = await contactListPage(run.deps, {
      accountId: run.account.id,
      filter: String(run.value.f ?? ''),
      cursor: String(run.value.c ?? ''),
      from: Number(run.value.n ?? 1),
    });
    await replyPrivately(run.deps, run.reply, message, { replaceOriginal: true });
  });
  onButton(app, deps, actionIds.listExport, { what: 'export contacts' }, async (run) => {
    const label = String(run.value.f ?? '');
    const filter = parseContactFilter(label ? label.split(/\s+/) : [], run.core.now());
    try {
      const { rows } = await exportToDm(run.deps, { accountId: run.account.id, userId: run.userId, filter, label });
      await replyPrivately(
        run.deps,
        run.reply,
        simpleMessage(`:page_facing_up: ${rows} contact(s) exported: the CSV is in your DM with the app.`),
      );
    } catch (error) {
      const code = slackErrorCode(error);
      run.deps.logger.warn('slack: export upload failed', { error: code ?? String(error) });
      await replyPrivately(
        run.deps,
        run.reply,
        simpleMessage(
          `The export could not be uploaded (${code ?? 'Slack did not answer'}). The app needs the files:write scope (reinstall it from manifest.json), or use the API or CLI export.`,
        ),
      );
    }
  });
}
