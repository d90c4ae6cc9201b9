/** Input pieces shared by the modals. */
import type { InputBlock, Option, PlainTextOption } from '@slack/types';
import { plain, truncate } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';

export function contactOption(
  contact: Pick<Contact, 'id' | 'firstName' | 'lastName' | 'email' | 'phone'>,
): PlainTextOption {
  const name = displayName(contact);
  const address = contact.email ?? contact.phone ?? '';
  const label = name === address ? name : `${name} (${address})`;
  return { text: plain(truncate(label, 75), 75), value: contact.id };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, 75), value };
}

export const sectionOptions = [
  option('Whole portal', 'portal'),
  option('Courses', 'courses'),
  option('Communities', 'communities'),
  option('Affiliate area', 'affiliates'),
];
export const grantKindOptions = [
  option('Course', 'course'),
  option('Community', 'community'),
  option('Affiliate area', 'affiliate'),
];

/** The frame every modal field shares: a labelled input block around one element. */
function inputBlock(
  blockId: string,
  label: string,
  optional: boolean | undefined,
  element: InputBlock['element'],
): InputBlock {
  return { type: 'input', block_id: blockId, optional: optional ?? false, label: plain(label, 2000), element };
}

export function contactPicker(
  blockId: string,
  options: { label: string; optional?: boolean; initial?: Option },
): InputBlock {
  return inputBlock(blockId, options.label, options.optional, {
    type: 'external_select',
    action_id: actionIds.contactPick,
    placeholder: plain('Type a name, email or phone', 150),
    min_query_length: 1,
    ...(options.initial ? { initial_option: options.initial as PlainTextOption } : {}),
  });
}

export function textInput(
  blockId: string,
  options: { label: string; optional?: boolean; multiline?: boolean; placeholder?: string; maxLength?: number },
): InputBlock {
  return inputBlock(blockId, options.label, options.optional, {
    type: 'plain_text_input',
    action_id: 'value',
    multiline: options.multiline ?? false,
    ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
    ...(options.maxLength ? { max_length: options.maxLength } : {}),
  });
}

export function radio(
  blockId: string,
  label: string,
  choices: PlainTextOption[],
  initial: PlainTextOption,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element: { type: 'radio_buttons', action_id: 'value', options: choices, initial_option: initial },
  };
}

export function staticSelect(
  blockId: string,
  label: string,
  choices: PlainTextOption[],
  options: { optional?: boolean; initial?: PlainTextOption } = {},
): InputBlock {
  return inputBlock(blockId, label, options.optional, {
    type: 'static_select',
    action_id: 'value',
    options: choices.slice(0, 100),
    ...(options.initial ? { initial_option: options.initial } : {}),
  });
}

/** Reads a submitted view's state without trusting its shape. */
export type ViewState = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: Array<{ value: string }>;
      selected_conversations?: string[];
    }
  >
>;

/** A block holds one element; its action id varies (contact pickers use their own). */
function elementState(state: ViewState, blockId: string): ViewState[string][string] | undefined {
  const block = state[blockId];
  return block ? Object.values(block)[0] : undefined;
}

export function stateText(state: ViewState, blockId: string): string {
  return (elementState(state, blockId)?.value ?? '').trim();
}

export function stateChoice(state: ViewState, blockId: string): string | undefined {
  return elementState(state, blockId)?.selected_option?.value ?? undefined;
}

export function stateChoices(state: ViewState, blockId: string): string[] {
  return (elementState(state, blockId)?.selected_options ?? []).map((o) => o.value);
}

/** A channel picker's choice: undefined when the form had no such field, null when nothing is picked. */
export function stateConversation(state: ViewState, blockId: string): string | null | undefined {
  if (!state[blockId]) return undefined;
  return elementState(state, blockId)?.selected_conversations?.[0] ?? null;
}
