import type { Core } from '../core.ts';
import { createBulkJob } from '../outbox/create-bulk-job.ts';
import { grantAccessInTx } from '../access/grant-access.ts';
import { inviteContacts } from '../invitations/invite-contacts.ts';
import { BATCH_TRANSACTION } from '../invitations/run-bulk-job.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { ImportSource } from './read-contact-csv.ts';
import { classifyImportRows, type ImportRow } from './classify-import-rows.ts';
import type { Actor } from '../audit/actor.ts';

export interface ImportContactsOptions {
  accountId: string;
  /** The same file the preview read. */
  source: ImportSource;
  /** @default "auto" */
  channel?: 'auto' | 'email' | 'sms';
  actor: Actor;
  reportTo?: Record<string, unknown>;
  /** Called once the bulk job exists, before the first row is written. */
  onBulkJobCreated?: (bulkJobId: string) => void;
}

export interface ImportResult {
  bulkJobId: string;
  /** Invites queued (new and already-invited contacts). */
  invited: number;
  created: number;
  /** Active contacts: not invited again; their grants applied. */
  alreadyActive: number;
  grantsApplied: number;
  invalidCount: number;
}

/**
 * Imports a contact CSV after its preview was confirmed: every valid row is
 * invited (one bulk job, a few hundred contacts per transaction), with the
 * grants its row lists; contacts who already use the portal get their new
 * grants (and, when that automation is on, the "access granted" message)
 * instead of an invite. Invalid rows are skipped, as the preview said.
 */
export async function importContacts(core: Core, options: ImportContactsOptions): Promise<ImportResult> {
  const { accountId, actor } = options;
  const channel = options.channel ?? 'auto';
  const job = await core.db.$transaction((tx) =>
    createBulkJob(tx, {
      accountId,
      kind: 'import',
      total: 0,
      requestedBy: actor,
      reportTo: options.reportTo,
      now: core.now(),
    }),
  );
  options.onBulkJobCreated?.(job.id);
  const result: ImportResult = {
    bulkJobId: job.id,
    invited: 0,
    created: 0,
    alreadyActive: 0,
    grantsApplied: 0,
    invalidCount: 0,
  };

  for await (const batch of classifyImportRows(core, { accountId, source: options.source, channel })) {
    result.invalidCount += batch.invalid.length;
    const toInvite = batch.rows.filter((r) => r.outcome !== 'active');
    const active = batch.rows.filter((r) => r.outcome === 'active');
    await fillAddresses(
      core,
      accountId,
      batch.rows.filter((r) => r.contactId),
    );
    // Counted before the invites exist, so the job never looks finished while rows are still coming.
    if (toInvite.length > 0)
      await core.db.bulkJob.update({ where: { id: job.id }, data: { total: { increment: toInvite.length } } });
    for (const group of groupByGrants(toInvite)) {
      const { invited } = await inviteContacts(core, {
        accountId,
        invitees: group.map((r) => ({ address: r.address, firstName: r.firstName, lastName: r.lastName })),
        grants: group[0]!.grants.map((g) => ({ kind: g.kind, resourceName: g.resourceName })),
        channel,
        actor,
        bulkJobId: job.id,
      });
      result.invited += invited.length;
      result.created += invited.filter((i) => i.created).length;
      result.grantsApplied += invited.length * group[0]!.grants.length;
      // New contacts were created from one address; the row's other one is added now (same order: rows are unique).
      await fillAddresses(
        core,
        accountId,
        group.map((r, i) => ({ ...r, contactId: r.contactId ? null : invited[i]!.contact.id })),
      );
    }
    result.alreadyActive += active.length;
    if (active.some((r) => r.grants.length > 0)) {
      await core.db.$transaction(async (tx) => {
        for (const row of active) {
          for (const target of row.grants) {
            const { changed } = await grantAccessInTx(core, tx, {
              accountId,
              contactId: row.contactId!,
              target,
              actor,
            });
            if (changed) result.grantsApplied++;
          }
        }
      }, BATCH_TRANSACTION);
    }
  }
  await recordAuditEvent(core, core.db, {
    accountId,
    actor,
    action: 'contacts.imported',
    subject: `bulk_job:${job.id}`,
    metadata: { ...result },
    at: core.now(),
  });
  return result;
}

/** inviteContacts takes one set of grants per call: rows are grouped by theirs. */
function groupByGrants(rows: ImportRow[]): ImportRow[][] {
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const key = row.grants
      .map((g) => `${g.kind}:${g.resourceId}`)
      .sort()
      .join(';');
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(row);
  }
  return [...groups.values()];
}

/** Adds the email or phone a row knows to a contact that has none of that kind. */
async function fillAddresses(
  core: Core,
  accountId: string,
  rows: Array<Pick<ImportRow, 'contactId' | 'fill'>>,
): Promise<void> {
  const todo = rows.filter((r) => r.contactId && (r.fill.email || r.fill.phone));
  if (todo.length === 0) return;
  await core.db.$transaction(async (tx) => {
    for (const row of todo) {
      if (row.fill.email)
        await tx.contact.updateMany({
          where: { id: row.contactId!, accountId, email: null },
          data: { email: row.fill.email },
        });
      if (row.fill.phone)
        await tx.contact.updateMany({
          where: { id: row.contactId!, accountId, phone: null },
          data: { phone: row.fill.phone },
        });
    }
  }, BATCH_TRANSACTION);
}
