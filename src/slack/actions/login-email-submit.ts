import type { App } from '@slack/bolt';
import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { loginResultMessage } from '../blocks/results.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds } from '../views/modals.ts';
import { stateChoice, stateChoices } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerLoginEmailSubmit(app: App, deps: SlackDeps): void {
  onSubmit(app, deps, viewIds.loginEmail, { what: 'send login emails', errorBlock: blockIds.contacts }, async (s): Promise<SubmitOutcome> => {
    const contacts = stateChoices(s.state, blockIds.contacts);
    if (contacts.length === 0) return { errors: { [blockIds.contacts]: 'Pick at least one contact.' } };
    const result = await queueLoginEmails(s.deps.context.core, {
      accountId: s.account.id,
      contacts,
      channel: stateChoice(s.state, blockIds.channel) === 'sms' ? 'sms' : 'email',
      actor: s.actor,
      reportTo: { slack: { channel: s.origin.ch, user: s.userId } },
    });
    const jobId = result.bulkJobId;
    return {
      message: loginResultMessage(result),
      after: async () => {
        if (jobId) void s.deps.progress.track({ accountId: s.account.id, jobId, channel: s.origin.ch, userId: s.userId });
      },
    };
  });
}
