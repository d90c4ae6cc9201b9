import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { IMPORT_CONFIRMED } from './import-confirmation.ts';
import type { Actor } from '../audit/actor.ts';

export interface RecordImportConfirmationOptions {
  accountId: string;
  /** Where the file lives, e.g. `slack_file:F123`. */
  file: string;
  actor: Actor;
  /** Name and size, never the content. */
  metadata: Record<string, unknown>;
}

/** Marks a shared file as imported, once it has been downloaded (a failed download can be confirmed again). */
export async function recordImportConfirmation(core: Core, options: RecordImportConfirmationOptions): Promise<void> {
  await recordAuditEvent(core, core.db, {
    accountId: options.accountId,
    actor: options.actor,
    action: IMPORT_CONFIRMED,
    subject: options.file,
    metadata: options.metadata,
    at: core.now(),
  });
}
