import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds } from '../views/modals.ts';
import { stateChoice, stateText } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { loadContactCard } from './load-contact-card.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerContactSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.contact,
    { what: 'look contacts up', errorBlock: blockIds.address },
    async (s): Promise<SubmitOutcome> => {
      const lookup = stateChoice(s.state, blockIds.contact) ?? stateText(s.state, blockIds.address);
      if (!lookup) return { errors: { [blockIds.address]: 'Pick a contact or type their email or phone.' } };
      const contact = await findContact(s.core, { accountId: s.account.id, lookup });
      // The card goes where its buttons work (a message), not into the modal.
      return { message: await loadContactCard(s.deps, { accountId: s.account.id, contact }) };
    },
  );
}
