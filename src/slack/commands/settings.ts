import { getSettings } from '../../core/settings/get-settings.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { settingsModal } from '../views/settings-modal.ts';
import { originOf, type Subcommand } from './subcommand.ts';

export const settings: Subcommand = {
  name: 'settings',
  usage: '/portal settings',
  summary: 'Portal name, sender, reply-to and how long links work: a form filled with what is in use.',
  adminOnly: true,
  what: 'change portal settings',
  // Only reached with arguments: without any, the form opens (index.ts opens `modal`).
  async run() {
    throw invalidInput('settings takes no arguments: it opens a form');
  },
  insteadOfForm: 'Run `/portal settings` again, or use the API or CLI (`settings`).',
  modal: async (run) => settingsModal(await getSettings(run.core, { accountId: run.account.id }), originOf(run)),
};
