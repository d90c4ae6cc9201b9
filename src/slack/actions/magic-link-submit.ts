import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { isSection } from '../../core/access/sections.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds, resultModal } from '../views/modals.ts';
import { stateChoice, stateText } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { showMagicLink } from './show-magic-link.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerMagicLinkSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.magicLink,
    { what: 'create magic links', errorBlock: blockIds.address },
    async (s): Promise<SubmitOutcome> => {
      const core = s.core;
      const lookup = stateChoice(s.state, blockIds.contact) ?? stateText(s.state, blockIds.address);
      if (!lookup) return { errors: { [blockIds.address]: 'Pick a contact or type their email or phone.' } };
      const section = stateChoice(s.state, blockIds.section) ?? 'portal';
      if (!isSection(section)) return { errors: { [blockIds.section]: 'Choose a section.' } };
      const resourceName = stateText(s.state, blockIds.resourceName) || undefined;
      if (resourceName && (section === 'portal' || section === 'affiliates'))
        return { errors: { [blockIds.resourceName]: 'Only courses and communities have names.' } };
      const contact = await findContact(core, { accountId: s.account.id, lookup });
      const delivery = stateChoice(s.state, blockIds.delivery) ?? 'show';
      if (delivery === 'show') {
        // Shown in the person's own modal: nobody else sees it, nothing unfurls.
        const message = await showMagicLink(s.deps, {
          account: s.account,
          contact,
          section,
          resourceName,
          actor: s.actor,
        });
        return { view: resultModal('Magic link', message.blocks, { a: s.account.id }) };
      }
      const channel = delivery === 'sms' ? 'sms' : 'email';
      const result = await queueLoginEmails(core, {
        accountId: s.account.id,
        contacts: [contact.id],
        channel,
        section,
        resourceName,
        actor: s.actor,
      });
      return {
        message: simpleMessage(
          `:envelope: Login link queued by ${channel === 'sms' ? 'SMS' : 'email'} to ${escapeText(result.queued[0]?.toAddress ?? '')}.`,
        ),
      };
    },
  );
}
