import type { App } from '@slack/bolt';
import { editContact } from '../../core/contacts/edit-contact.ts';
import { isAppError, type InvalidEntry } from '../../core/shared/errors.ts';
import { viewIds } from '../action-ids.ts';
import { escapeText, section } from '../blocks/text.ts';
import { editBlockIds } from '../views/edit-contact-modal.ts';
import { stateText } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { loadContactCard } from './load-contact-card.ts';
import { onSubmit, type SubmitOutcome } from './submission.ts';

type Field = keyof typeof editBlockIds;

/** The field an error is about: the core names it in details (conflict) or in the invalid entry (bad input). */
function fieldOf(details: unknown): Field {
  const named = (details as { field?: string; invalid?: InvalidEntry[] } | undefined) ?? {};
  const field = named.field ?? named.invalid?.[0]?.input;
  return field && field in editBlockIds ? (field as Field) : 'email';
}

export function registerEditContactSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.editContact,
    { what: 'edit contacts', errorBlock: editBlockIds.email },
    async (s): Promise<SubmitOutcome> => {
      const value = (field: Field) => stateText(s.state, editBlockIds[field]).trim() || null;
      try {
        const result = await editContact(s.deps.context.core, {
          accountId: s.account.id,
          contactId: s.origin.c ?? '',
          email: value('email'),
          phone: value('phone'),
          firstName: value('firstName'),
          lastName: value('lastName'),
          actor: s.actor,
        });
        const card = await loadContactCard(s.deps, { accountId: s.account.id, contact: result.contact });
        const outcome =
          result.changed.length === 0
            ? 'Nothing changed.'
            : `:pencil2: Changed ${result.changed.join(', ')}.${result.linksRevoked ? ` ${result.linksRevoked} link(s) sent to the old address no longer work; send a new one.` : ''}`;
        return { message: { text: outcome, blocks: [section(escapeText(outcome)), ...card.blocks] } };
      } catch (error) {
        if (isAppError(error, 'invalid_input') || isAppError(error, 'conflict'))
          return { errors: { [editBlockIds[fieldOf(error.details)]]: error.message } };
        throw error;
      }
    },
  );
}
