import type { Core } from '../core.ts';
import type { ImportSource } from './read-contact-csv.ts';
import { classifyImportRows, type InvalidRow } from './classify-import-rows.ts';

export interface PreviewImportOptions {
  accountId: string;
  source: ImportSource;
  /** @default "auto": email when the row has one, otherwise SMS */
  channel?: 'auto' | 'email' | 'sms';
  /** Invalid rows listed in full, beyond which only the count grows. @default 100 */
  maxInvalidListed?: number;
}

export interface ImportPreview {
  /** Data rows read (the header and empty lines excluded). */
  rows: number;
  /** Contacts that will be created and invited. */
  newContacts: number;
  /** Known contacts, invited but never signed in: they get a fresh invite. */
  alreadyInvited: number;
  /** Contacts who already use the portal: no invite; their grants are applied. */
  alreadyActive: number;
  /** Invites that a confirmation would send (new + already invited). */
  toInvite: number;
  /** Grants in the file (applied to every valid row that lists them). */
  grants: number;
  invalidCount: number;
  /** Of invalidCount, rows that conflict with existing contacts (listed with `conflict: true`, never merged). */
  conflictCount: number;
  /** Sorted by line, at most `maxInvalidListed`. */
  invalid: InvalidRow[];
}

/**
 * Reads a contact CSV and says what importing it would do, without writing
 * anything. Streams the file and yields to the event loop between batches,
 * so 50,000 rows never hold up other requests (or a Slack ack).
 */
export async function previewImport(core: Core, options: PreviewImportOptions): Promise<ImportPreview> {
  const limit = options.maxInvalidListed ?? 100;
  const preview: ImportPreview = {
    rows: 0,
    newContacts: 0,
    alreadyInvited: 0,
    alreadyActive: 0,
    toInvite: 0,
    grants: 0,
    invalidCount: 0,
    conflictCount: 0,
    invalid: [],
  };
  for await (const batch of classifyImportRows(core, options)) {
    preview.rows += batch.rows.length + batch.invalid.length;
    preview.invalidCount += batch.invalid.length;
    preview.conflictCount += batch.invalid.filter((row) => row.conflict).length;
    if (preview.invalid.length < limit) preview.invalid.push(...batch.invalid.slice(0, limit - preview.invalid.length));
    for (const row of batch.rows) {
      if (row.outcome === 'new') preview.newContacts++;
      else if (row.outcome === 'invited') preview.alreadyInvited++;
      else preview.alreadyActive++;
      preview.grants += row.grants.length;
    }
  }
  preview.toInvite = preview.newContacts + preview.alreadyInvited;
  preview.invalid.sort((a, b) => a.line - b.line);
  return preview;
}
