import type { App } from '@slack/bolt';
import { grantAccess } from '../../core/access/grant-access.ts';
import { revokeAccess } from '../../core/access/revoke-access.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { grantLabel } from '../blocks/contact-card.ts';
import { simpleMessage } from '../blocks/results.ts';
import { grantResultText } from '../blocks/grant-result.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { escapeText } from '../blocks/text.ts';
import { viewIds } from '../action-ids.ts';
import { blockIds } from '../views/modals.ts';
import { stateChoice, stateText } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { parseValue } from './action-run.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

export function registerGrantSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.grant,
    { what: 'grant or revoke access', errorBlock: blockIds.contact },
    async (s): Promise<SubmitOutcome> => {
      const core = s.core;
      const contactId = stateChoice(s.state, blockIds.contact);
      if (!contactId) return { errors: { [blockIds.contact]: 'Pick a contact.' } };
      const contact = await findContact(core, { accountId: s.account.id, lookup: contactId });
      const chosen = stateChoice(s.state, blockIds.grant);
      const picked = chosen ? parseValue(chosen) : undefined;
      const kind = picked ? String(picked.k ?? '') : (stateChoice(s.state, blockIds.grantKind) ?? '');
      const resourceName = picked
        ? typeof picked.n === 'string'
          ? picked.n
          : undefined
        : stateText(s.state, blockIds.grantName) || undefined;
      const options = { accountId: s.account.id, contactId: contact.id, kind, resourceName, actor: s.actor };
      const who = escapeText(displayName(contact));
      if (s.origin.m === 'revoke') {
        const grant = await revokeAccess(core, options);
        return { message: simpleMessage(`:no_entry: ${who} no longer has ${escapeText(grantLabel(grant))}.`) };
      }
      const resourceUrl = stateText(s.state, blockIds.grantUrl) || undefined;
      try {
        return { message: simpleMessage(grantResultText(who, await grantAccess(core, { ...options, resourceUrl }))) };
      } catch (error) {
        // A bad URL is shown under the URL field, not under the contact.
        if (isAppError(error, 'invalid_input') && error.message.startsWith('resourceUrl'))
          return { errors: { [blockIds.grantUrl]: error.message } };
        throw error;
      }
    },
  );
}
