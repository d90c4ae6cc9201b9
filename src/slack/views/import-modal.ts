import type { ModalView } from '@slack/types';
import { viewIds } from '../action-ids.ts';
import { context, plain } from '../blocks/text.ts';
import type { ImportDelivery } from '../blocks/import-preview.ts';
import { encodeOrigin, type ModalOrigin } from './origin.ts';
import { option, radio } from './fields.ts';

export const importBlockIds = { file: 'file', delivery: 'delivery' } as const;

const deliveryChoices = [option('Email, or SMS without email', 'auto'), option('Email', 'email'), option('SMS', 'sms')];

/** `/portal import`: one CSV (file_input needs the files:read scope) and how to send the invites. */
export function importModal(origin: ModalOrigin, options: { delivery?: ImportDelivery } = {}): ModalView {
  const initial = deliveryChoices.find((c) => c.value === (options.delivery ?? 'auto'))!;
  return {
    type: 'modal',
    callback_id: viewIds.import,
    title: plain('Import contacts', 24),
    close: plain('Cancel', 24),
    submit: plain('Preview', 24),
    private_metadata: encodeOrigin(origin),
    blocks: [
      {
        type: 'input',
        block_id: importBlockIds.file,
        label: plain('CSV file'),
        hint: plain(
          'Columns (first line): email, phone, first_name, last_name, and optionally grants like course:Intro to SEO;community:Founders;affiliate',
        ),
        element: { type: 'file_input', action_id: 'value', filetypes: ['csv'], max_files: 1 },
      },
      radio(importBlockIds.delivery, 'Send invites by', deliveryChoices, initial),
      context(
        'Nothing is sent yet: you get a summary (new contacts, already active, invalid rows) and a Confirm button first. You can also share a CSV in a DM with the app.',
      ),
    ],
  };
}
