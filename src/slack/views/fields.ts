/** Input pieces shared by the modals. */
import type { InputBlock, Option, PlainTextOption } from '@slack/types';
import { plain, truncate } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';

export function contactOption(contact: Pick<Contact, 'id' | 'firstName' | 'lastName' | 'email' | 'phone'>): PlainTextOption {
  const name = displayName(contact);
  const address = contact.email ?? contact.phone ?? '';
  const label = name === address ? name : `${name} (${address})`;
  return { text: plain(truncate(label, 75), 75), value: contact.id };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, 75), value };
}

export const sectionOptions = [option('Whole portal', 'portal'), option('Courses', 'courses'), option('Communities', 'communities'), option('Affiliate area', 'affiliates')];
export const grantKindOptions = [option('Course', 'course'), option('Community', 'community'), option('Affiliate area', 'affiliate')];

export function contactPicker(blockId: string, options: { label: string; optional?: boolean; initial?: Option }): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(options.label, 2000),
    element: {
      type: 'external_select',
      action_id: actionIds.contactPick,
      placeholder: plain('Type a name, email or phone', 150),
      min_query_length: 1,
      ...(options.initial ? { initial_option: options.initial as PlainTextOption } : {}),
    },
  };
}

export function textInput(blockId: string, options: { label: string; optional?: boolean; multiline?: boolean; placeholder?: string; maxLength?: number }): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(options.label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
      ...(options.maxLength ? { max_length: options.maxLength } : {}),
    },
  };
}

export function radio(blockId: string, label: string, choices: PlainTextOption[], initial: PlainTextOption): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, 2000), element: { type: 'radio_buttons', action_id: 'value', options: choices, initial_option: initial } };
}

export function staticSelect(blockId: string, label: string, choices: PlainTextOption[], options: { optional?: boolean; initial?: PlainTextOption } = {}): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label, 2000),
    element: { type: 'static_select', action_id: 'value', options: choices.slice(0, 100), ...(options.initial ? { initial_option: options.initial } : {}) },
  };
}

/** Reads a submitted view's state without trusting its shape. */
export type ViewState = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: Array<{ value: string }> }>>;

export function stateText(state: ViewState, blockId: string): string {
  const block = state[blockId];
  const first = block ? Object.values(block)[0] : undefined;
  return (first?.value ?? '').trim();
}

export function stateChoice(state: ViewState, blockId: string): string | undefined {
  const block = state[blockId];
  const first = block ? Object.values(block)[0] : undefined;
  return first?.selected_option?.value ?? undefined;
}

export function stateChoices(state: ViewState, blockId: string): string[] {
  const block = state[blockId];
  const first = block ? Object.values(block)[0] : undefined;
  return (first?.selected_options ?? []).map((o) => o.value);
}
