import type { Core } from '../core.ts';
import { IMPORT_CONFIRMED } from './import-confirmation.ts';

export interface FindImportConfirmationOptions {
  accountId: string;
  /** Where the file lives, e.g. `slack_file:F123`. */
  file: string;
}

/**
 * When and by whom a shared file was already imported, or null. Sharing the
 * file again makes a new file, so a repeat confirm is a double click or a
 * second person, and must not invite everyone twice.
 */
export async function findImportConfirmation(
  core: Core,
  options: FindImportConfirmationOptions,
): Promise<{ at: Date; actor: string } | null> {
  const earlier = await core.db.auditEvent.findFirst({
    where: { accountId: options.accountId, action: IMPORT_CONFIRMED, subject: options.file },
  });
  return earlier ? { at: earlier.createdAt, actor: earlier.actor } : null;
}
