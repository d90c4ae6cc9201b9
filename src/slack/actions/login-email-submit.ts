import type { App } from '@slack/bolt';
import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { loginResultMessage } from '../blocks/results.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds } from '../views/modals.ts';
import { stateChoice, stateChoices } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bulkProgress } from '../bulk-progress.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerLoginEmailSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.loginEmail,
    { what: 'send login emails', errorBlock: blockIds.contacts },
    async (s): Promise<SubmitOutcome> => {
      const contacts = stateChoices(s.state, blockIds.contacts);
      if (contacts.length === 0) return { errors: { [blockIds.contacts]: 'Pick at least one contact.' } };
      const progress = bulkProgress({ ...s, channel: s.origin.ch });
      const result = await queueLoginEmails(s.core, {
        ...progress.call,
        contacts,
        channel: stateChoice(s.state, blockIds.channel) === 'sms' ? 'sms' : 'email',
      });
      return {
        message: loginResultMessage(result),
        after: async () => progress.follow(result.bulkJobId),
      };
    },
  );
}
