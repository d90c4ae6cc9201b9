import { hasOwnInput } from '../../core/imports/describe-invalid-row.ts';
import type { KnownBlock } from '@slack/types';
import type { ImportPreview } from '../../core/imports/preview-import.ts';
import type { ImportResult } from '../../core/imports/import-contacts.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, fields, header, section, truncate } from './text.ts';

/** Invalid rows listed by line; the rest are counted. Each line is short, so they fit one section. */
export const INVALID_ROWS_LISTED = 20;

export type ImportDelivery = 'auto' | 'email' | 'sms';

/** What the Confirm and Cancel buttons carry: never the file's content, only where to find it again. */
export interface ImportButtonValue {
  a: string;
  f: string;
  d: ImportDelivery;
}

const deliveryWords: Record<ImportDelivery, string> = {
  auto: 'by email (SMS for rows without an email)',
  email: 'by email',
  sms: 'by SMS',
};

/**
 * The summary shown before anything is sent: what the file holds, what
 * confirming would do, and why the invalid rows will be skipped.
 */
export function importPreviewMessage(
  preview: ImportPreview,
  options: { fileName: string; value: ImportButtonValue },
): { text: string; blocks: KnownBlock[] } {
  const name = truncate(options.fileName, 80);
  const blocks: KnownBlock[] = [
    header(`Import ${name}`),
    fields([
      `*Rows read*\n${preview.rows}`,
      `*New contacts*\n${preview.newContacts} (created and invited)`,
      `*Already invited*\n${preview.alreadyInvited} (a fresh invite)`,
      `*Already active*\n${preview.alreadyActive} (no invite; their grants are applied)`,
      `*Grants in the file*\n${preview.grants}`,
      `*Invalid rows*\n${preview.invalidCount} (skipped${preview.conflictCount ? `; ${preview.conflictCount} conflict with contacts we have` : ''})`,
    ]),
  ];
  if (preview.invalidCount > 0) {
    const lines = preview.invalid
      .slice(0, INVALID_ROWS_LISTED)
      .map(
        (row) =>
          `• line ${row.line}: ${hasOwnInput(row) ? `\`${escapeText(truncate(row.input, 60)).replace(/`/g, "'")}\`: ` : ''}${escapeText(truncate(row.reason, 120))}`,
      );
    blocks.push(section(`*Invalid rows*\n${lines.join('\n')}`));
    const listed = Math.min(preview.invalid.length, INVALID_ROWS_LISTED);
    if (preview.invalidCount > listed)
      blocks.push(context(`…and ${preview.invalidCount - listed} more invalid row(s) not listed.`));
  }
  const actionable = preview.toInvite + preview.alreadyActive;
  if (actionable === 0) {
    blocks.push(section('Nothing to import: no valid rows. Fix the file and share it again.'));
    return { text: `Nothing to import from ${name}: ${preview.invalidCount} invalid row(s).`, blocks };
  }
  const value = JSON.stringify(options.value);
  const confirm = preview.toInvite > 0 ? `Invite ${preview.toInvite}` : `Apply ${preview.alreadyActive}`;
  blocks.push(
    section(
      `Confirm to invite *${preview.toInvite}* contact(s) ${deliveryWords[options.value.d]}${preview.alreadyActive > 0 ? ` and apply the grants of ${preview.alreadyActive} active one(s)` : ''}. Nothing has been sent yet.`,
    ),
    {
      type: 'actions',
      elements: [
        button(confirm, actionIds.importConfirm, value, 'primary'),
        button('Cancel', actionIds.importCancel, value),
      ],
    },
  );
  const text = `Import ${name}: ${preview.newContacts} new, ${preview.alreadyInvited} already invited, ${preview.alreadyActive} already active, ${preview.invalidCount} invalid. Confirm to invite ${preview.toInvite}.`;
  return { text, blocks };
}

export function importResultMessage(
  result: ImportResult,
  options: { fileName: string },
): { text: string; blocks: KnownBlock[] } {
  const parts = [`${result.invited} invite(s) queued (${result.created} new contacts)`];
  if (result.alreadyActive > 0) parts.push(`${result.alreadyActive} already active (not invited)`);
  if (result.grantsApplied > 0) parts.push(`${result.grantsApplied} grant(s) applied`);
  if (result.invalidCount > 0) parts.push(`${result.invalidCount} invalid row(s) skipped`);
  const text = `:inbox_tray: Imported ${truncate(options.fileName, 80)}: ${parts.join(', ')}.${result.invited > 0 ? ' Progress follows here.' : ''}`;
  return { text, blocks: [section(escapeText(text)), context(`Bulk job \`${result.bulkJobId}\``)] };
}
