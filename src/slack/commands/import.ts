import { invalidInput } from '../../core/shared/errors.ts';
import type { ImportDelivery } from '../blocks/import-preview.ts';
import { importModal } from '../views/import-modal.ts';
import { slackErrorCode } from '../error-text.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type Subcommand } from './subcommand.ts';

export const importCsv: Subcommand = {
  name: 'import',
  aliases: ['csv'],
  usage: '/portal import [email|sms]',
  summary:
    'Import contacts from a CSV: a form to attach it (or share the CSV in a DM with the app). Shows new / already active / invalid rows, then invites on Confirm.',
  adminOnly: true,
  what: 'import contacts',
  modal: (run) => importModal(originOf(run)),
  // With a delivery word, the same form opens with that choice made.
  async run(run) {
    const word = run.args.length === 1 ? run.args[0]!.toLowerCase().replace(/^--?/, '') : '';
    const delivery: ImportDelivery | undefined =
      word === 'email' ? 'email' : word === 'sms' || word === 'text' ? 'sms' : word === 'auto' ? 'auto' : undefined;
    if (!delivery)
      throw invalidInput(
        'import takes no file name: attach the CSV in the form that opens, or share it in a DM with the app',
      );
    try {
      await run.deps.client.views.open({ trigger_id: run.triggerId, view: importModal(originOf(run), { delivery }) });
    } catch (error) {
      run.deps.logger.warn('slack: cannot open the import form', { error: slackErrorCode(error) ?? String(error) });
      await replyPrivately(run.deps, run.reply, {
        text: `The form could not open (${slackErrorCode(error) ?? 'Slack did not answer'}). Run \`/portal import\` again, or share the CSV in a DM with the app.`,
      });
    }
  },
};
