import type { Core } from '../core.ts';
import { displayName } from '../contacts/contact-view.ts';
import { inviteContacts, type InviteContactsResult } from './invite-contacts.ts';

export interface RemindNeverActiveOptions {
  accountId: string;
  /** Only those invited more than this many days ago. @default 0 (everyone invited) */
  olderThanDays?: number;
  actor: string;
  /** Count and name a few without sending anything (for the confirmation step). */
  dryRun?: boolean;
  reportTo?: Record<string, unknown>;
}

export interface RemindPreview {
  count: number;
  /** Up to five names, for "Remind Ana, Ben and 21 others?" */
  sample: string[];
}

/**
 * Re-sends the invite to everyone invited who never signed in. The dry run is
 * the confirmation step; the real run is a bulk job.
 */
export async function remindNeverActive(core: Core, options: RemindNeverActiveOptions & { dryRun: true }): Promise<RemindPreview>;
export async function remindNeverActive(core: Core, options: RemindNeverActiveOptions & { dryRun?: false }): Promise<RemindPreview & InviteContactsResult>;
export async function remindNeverActive(core: Core, options: RemindNeverActiveOptions): Promise<RemindPreview | (RemindPreview & InviteContactsResult)> {
  const cutoff = new Date(core.now().getTime() - (options.olderThanDays ?? 0) * 86_400_000);
  const where = { accountId: options.accountId, status: 'invited', invitedAt: { lte: cutoff } };
  const count = await core.db.contact.count({ where });
  const sampleRows = await core.db.contact.findMany({ where, orderBy: { invitedAt: 'asc' }, take: 5 });
  const sample = sampleRows.map(displayName);
  if (options.dryRun || count === 0) return options.dryRun ? { count, sample } : { count, sample, invited: [], bulkJobId: null };
  const contacts = await core.db.contact.findMany({ where, select: { email: true, phone: true } });
  const result = await inviteContacts(core, {
    accountId: options.accountId,
    invitees: contacts.map((c) => (c.email ?? c.phone)!),
    actor: options.actor,
    reportTo: options.reportTo,
    asBulkJob: true,
    jobKind: 'remind',
  });
  return { count, sample, ...result };
}
