import type { App } from '@slack/bolt';
import { inviteContacts } from '../../core/invitations/invite-contacts.ts';
import { splitAddresses } from '../../core/contacts/parse-address.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import type { DeliveryChoice } from '../../core/outbox/delivery-channel.ts';
import { inviteResultMessage } from '../blocks/results.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds } from '../views/modals.ts';
import { stateChoice, stateChoices, stateText } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bulkProgress } from '../bulk-progress.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerInviteSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.invite,
    { what: 'invite contacts', errorBlock: blockIds.addresses },
    async (s): Promise<SubmitOutcome> => {
      const core = s.core;
      const picked = await Promise.all(
        stateChoices(s.state, blockIds.contacts).map((id) =>
          findContact(core, { accountId: s.account.id, lookup: id }),
        ),
      );
      const addresses = [
        ...picked.map((c) => (c.email ?? c.phone)!),
        ...splitAddresses(stateText(s.state, blockIds.addresses)),
      ];
      if (addresses.length === 0)
        return { errors: { [blockIds.addresses]: 'Pick existing contacts or type at least one address.' } };
      const kind = stateChoice(s.state, blockIds.grantKind);
      const name = stateText(s.state, blockIds.grantName);
      if (!kind && name) return { errors: { [blockIds.grantKind]: 'Choose what to grant for this name.' } };
      const channel = (stateChoice(s.state, blockIds.channel) ?? 'auto') as DeliveryChoice;
      if (!['auto', 'email', 'sms'].includes(channel)) throw invalidInput('unknown delivery channel');
      const progress = bulkProgress({ ...s, channel: s.origin.ch });
      const result = await inviteContacts(core, {
        ...progress.call,
        invitees: addresses,
        channel,
        grants: kind ? [{ kind, resourceName: name || undefined }] : [],
      });
      return {
        message: inviteResultMessage(result),
        after: async () => progress.follow(result.bulkJobId),
      };
    },
  );
}
