/**
 * /portal templates: pick a message, edit it, see it rendered for a sample
 * contact as you type (dispatch_action on the inputs), send yourself a test,
 * save or reset. Pure: data in, view out.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  templateChannels,
  templateKinds,
  type TemplateChannel,
  type TemplateKind,
} from '../../core/templates/default-templates.ts';
import { mergeFields } from '../../core/templates/merge-fields.ts';
import { actionIds, viewIds } from '../action-ids.ts';
import { button, context, escapeText, plain, section, truncate } from '../blocks/text.ts';

export const templateBlocks = {
  which: 'tpl_which',
  subject: 'tpl_subject',
  text: 'tpl_text',
  preview: 'tpl_preview',
  testTo: 'tpl_test_to',
} as const;

export interface TemplatesModalMeta {
  a: string;
  ch?: string;
  ru?: string;
  k: TemplateKind;
  n: TemplateChannel;
}

export interface TemplatesModalData {
  meta: TemplatesModalMeta;
  /** What the inputs start with: the saved template when it is (re)loaded. */
  subject?: string;
  text: string;
  /** Saved as this portal's own (true), the built-in one (false), or being edited (undefined). */
  custom?: boolean;
  /** The draft rendered for the sample contact, or the problems that stop it rendering. */
  preview: { subject: string; text: string } | { problems: string[] };
  /** A line under the preview: "Test queued to …". */
  note?: string;
}

const labels: Record<TemplateKind, string> = {
  invite: 'Invite',
  login: 'Login link',
  access_granted: 'Access granted',
  password_reset: 'Password reset',
  code: 'Sign-in code',
};

function choice(kind: TemplateKind, channel: TemplateChannel): PlainTextOption {
  return { text: plain(`${labels[kind]} by ${channel === 'sms' ? 'SMS' : 'email'}`, 75), value: `${kind}:${channel}` };
}

export function parseTemplateChoice(
  value: string | undefined,
): { kind: TemplateKind; channel: TemplateChannel } | undefined {
  const [kind, channel] = (value ?? '').split(':');
  if (
    !(templateKinds as readonly string[]).includes(kind ?? '') ||
    !(templateChannels as readonly string[]).includes(channel ?? '')
  )
    return undefined;
  return { kind: kind as TemplateKind, channel: channel as TemplateChannel };
}

function draftInput(
  blockId: string,
  label: string,
  options: { initial?: string; multiline: boolean; maxLength: number },
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    dispatch_action: true,
    label: plain(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: actionIds.templateDraft,
      multiline: options.multiline,
      max_length: options.maxLength,
      dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
      ...(options.initial !== undefined ? { initial_value: options.initial.slice(0, options.maxLength) } : {}),
    },
  };
}

export function templatesModal(data: TemplatesModalData): ModalView {
  const { k, n } = data.meta;
  const choices = templateKinds.flatMap((kind) => templateChannels.map((channel) => choice(kind, channel)));
  const preview =
    'problems' in data.preview
      ? section(
          truncate(
            `:warning: *Cannot be saved yet*\n${data.preview.problems.map((p) => `• ${escapeText(p)}`).join('\n')}`,
            3000,
          ),
        )
      : section(
          truncate(
            `*Preview for a sample contact (Ana Example)*\n${data.preview.subject ? `*${escapeText(data.preview.subject)}*\n` : ''}${escapeText(data.preview.text).replace(/^/gm, '>')}`,
            3000,
          ),
        );
  const blocks: KnownBlock[] = [
    {
      type: 'actions',
      block_id: templateBlocks.which,
      elements: [
        { type: 'static_select', action_id: actionIds.templatePick, options: choices, initial_option: choice(k, n) },
      ],
    },
    context(
      data.custom === undefined
        ? 'Editing: *Save* to use this from now on.'
        : data.custom
          ? 'This portal uses its own version of this message.'
          : "This is the built-in message; saving makes it this portal's own.",
    ),
    ...(n === 'email'
      ? [
          draftInput(templateBlocks.subject, 'Subject', {
            initial: data.subject ?? '',
            multiline: false,
            maxLength: 300,
          }),
        ]
      : []),
    draftInput(templateBlocks.text, 'Text', { initial: data.text, multiline: true, maxLength: 3000 }),
    { ...preview, block_id: templateBlocks.preview },
    context(truncate(`Merge fields: ${mergeFields.map((f) => `{{${f}}}`).join(' ')}`, 2000)),
    {
      type: 'input',
      block_id: templateBlocks.testTo,
      optional: true,
      label: plain(n === 'email' ? 'Send the test to (email)' : 'Send the test to (phone, +1…)', 2000),
      element: { type: 'plain_text_input', action_id: 'value', max_length: 254 },
    },
    {
      type: 'actions',
      elements: [
        button('Send me a test', actionIds.templateTest, `${k}:${n}`),
        button('Reset to default', actionIds.templateReset, `${k}:${n}`, 'danger'),
      ],
    },
    ...(data.note ? [context(truncate(data.note, 2000))] : []),
  ];
  return {
    type: 'modal',
    callback_id: viewIds.templates,
    title: plain('Message templates', 24),
    submit: plain('Save', 24),
    close: plain('Close', 24),
    private_metadata: JSON.stringify(data.meta),
    blocks,
  };
}
