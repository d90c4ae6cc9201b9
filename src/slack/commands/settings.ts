import { getSettings } from '../../core/settings/get-settings.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { settingsModal } from '../views/settings-modal.ts';
import { slackErrorCode } from '../error-text.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type Subcommand } from './subcommand.ts';

export const settings: Subcommand = {
  name: 'settings',
  usage: '/portal settings',
  summary: 'Portal name, sender, reply-to and how long links work: a form filled with what is in use.',
  adminOnly: true,
  what: 'change portal settings',
  async run(run) {
    if (run.args.length > 0) throw invalidInput('settings takes no arguments: it opens a form');
    const view = settingsModal(await getSettings(run.core, { accountId: run.account.id }), originOf(run));
    try {
      await run.deps.client.views.open({ trigger_id: run.triggerId, view });
    } catch (error) {
      await replyPrivately(run.deps, run.reply, { text: `The settings form could not open (${slackErrorCode(error) ?? 'Slack did not answer'}). Run \`/portal settings\` again.` });
    }
  },
};
