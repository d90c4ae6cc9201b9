import type { InputBlock, ModalView } from '@slack/types';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import { viewIds } from '../action-ids.ts';
import { context, plain } from '../blocks/text.ts';
import { encodeOrigin, type ModalOrigin } from './origin.ts';

/** Block ids of the Edit modal, one per field the core names in its errors. */
export const editBlockIds = {
  email: 'edit_email',
  phone: 'edit_phone',
  firstName: 'edit_first_name',
  lastName: 'edit_last_name',
} as const;

function field(
  blockId: string,
  label: string,
  initial: string | null,
  maxLength: number,
  placeholder?: string,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      max_length: maxLength,
      ...(initial ? { initial_value: initial } : {}),
      ...(placeholder ? { placeholder: plain(placeholder, 150) } : {}),
    },
  };
}

/** The contact card's Edit: email, phone and names, filled in with what we have. */
export function editContactModal(origin: ModalOrigin, contact: Contact): ModalView {
  return {
    type: 'modal',
    callback_id: viewIds.editContact,
    title: plain('Edit contact', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: encodeOrigin({ ...origin, c: contact.id }),
    blocks: [
      context(`Editing ${displayName(contact)}. Links already sent to a replaced address stop working.`),
      field(editBlockIds.email, 'Email', contact.email, 254, 'name@example.com'),
      field(editBlockIds.phone, 'Phone', contact.phone, 32, '+14155550123'),
      field(editBlockIds.firstName, 'First name', contact.firstName, 100),
      field(editBlockIds.lastName, 'Last name', contact.lastName, 100),
    ],
  };
}
