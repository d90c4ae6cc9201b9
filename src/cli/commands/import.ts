import { createReadStream, existsSync } from 'node:fs';
import type { ImportPreview } from '../../core/imports/preview-import.ts';
import { describeInvalidRow } from '../../core/imports/describe-invalid-row.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';
import { channelOf } from './shared-options.ts';

export function describePreview(preview: ImportPreview): string {
  const lines = [
    `${preview.rows} row(s): ${preview.newContacts} new, ${preview.alreadyInvited} already invited (fresh invite), ${preview.alreadyActive} already active (no invite), ${preview.invalidCount} invalid${preview.conflictCount ? ` (${preview.conflictCount} conflicting with contacts we have: not merged)` : ''}.`,
  ];
  for (const row of preview.invalid) lines.push(`  ${describeInvalidRow(row)}`);
  if (preview.invalidCount > preview.invalid.length)
    lines.push(`  … and ${preview.invalidCount - preview.invalid.length} more invalid row(s)`);
  return lines.join('\n');
}

export const importCsv: CliCommand = {
  name: 'import',
  usage: 'import <contacts.csv> [--yes] [--sms | --email]',
  summary: 'Import a CSV (email, phone, first_name, last_name, grants): preview, then invite on confirmation',
  options: { sms: { type: 'boolean' }, email: { type: 'boolean' } },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { previewImport } = await import('../../core/imports/preview-import.ts');
    const { importContacts } = await import('../../core/imports/import-contacts.ts');
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('name one CSV file');
    if (!existsSync(file)) throw new UsageError(`no file ${file}`);
    const channel = channelOf(values, 'auto');
    const preview = await previewImport(context.core, {
      accountId: context.account.id,
      source: createReadStream(file),
      channel,
    });
    if (!context.json) context.print(describePreview(preview));
    if (preview.toInvite + preview.alreadyActive === 0) {
      report(context, { preview, imported: null }, 'Nothing to import.');
      return;
    }
    await context.confirm(`Invite ${preview.toInvite} contact(s) now?`);
    const result = await importContacts(context.core, {
      accountId: context.account.id,
      source: createReadStream(file),
      channel,
      actor: context.actor,
    });
    report(
      context,
      { preview, imported: result },
      `Imported: ${result.invited} invite(s) queued (${result.created} new contacts), bulk job ${result.bulkJobId}.`,
    );
  },
};
