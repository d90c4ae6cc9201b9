import type { Core } from '../core.ts';
import { displayName } from '../contacts/contact-view.ts';
import { inviteContacts, type InviteContactsResult } from './invite-contacts.ts';
import { resolveChannel } from '../outbox/delivery-channel.ts';
import { isAppError } from '../shared/errors.ts';
import type { Actor } from '../audit/actor.ts';

export interface RemindNeverActiveOptions {
  accountId: string;
  /** Only those invited more than this many days ago. @default 0 (everyone invited) */
  olderThanDays?: number;
  actor: Actor;
  /** Count and name a few without sending anything (for the confirmation step). */
  dryRun?: boolean;
  reportTo?: Record<string, unknown>;
}

export interface RemindPreview {
  count: number;
  /** Up to five names, for "Remind Ana, Ben and 21 others?" */
  sample: string[];
}

export interface RemindResult extends InviteContactsResult {
  /** Never-active contacts that can no longer be reached (SMS only and opted out). */
  skipped: number;
}

function canReach(contact: { email: string | null; phone: string | null; smsOptedOutAt: Date | null }): boolean {
  try {
    resolveChannel(contact, 'auto');
    return true;
  } catch (error) {
    if (isAppError(error)) return false;
    throw error;
  }
}

/**
 * Re-sends the invite to everyone invited who never signed in. The dry run is
 * the confirmation step; the real run is a bulk job.
 */
export async function remindNeverActive(
  core: Core,
  options: RemindNeverActiveOptions & { dryRun: true },
): Promise<RemindPreview>;
export async function remindNeverActive(
  core: Core,
  options: RemindNeverActiveOptions & { dryRun?: false },
): Promise<RemindPreview & RemindResult>;
export async function remindNeverActive(
  core: Core,
  options: RemindNeverActiveOptions,
): Promise<RemindPreview | (RemindPreview & RemindResult)> {
  const cutoff = new Date(core.now().getTime() - (options.olderThanDays ?? 0) * 86_400_000);
  const where = { accountId: options.accountId, status: 'invited', invitedAt: { lte: cutoff } };
  const count = await core.db.contact.count({ where });
  const sampleRows = await core.db.contact.findMany({ where, orderBy: { invitedAt: 'asc' }, take: 5 });
  const sample = sampleRows.map(displayName);
  if (options.dryRun || count === 0)
    return options.dryRun ? { count, sample } : { count, sample, skipped: 0, invited: [], bulkJobId: null };
  const contacts = await core.db.contact.findMany({ where, select: { email: true, phone: true, smsOptedOutAt: true } });
  // A contact who can no longer be reached (texts only, and opted out) is
  // left out rather than refusing everyone else's reminder.
  const reachable = contacts.filter((contact) => canReach(contact));
  if (reachable.length === 0) return { count, sample, skipped: contacts.length, invited: [], bulkJobId: null };
  const result = await inviteContacts(core, {
    accountId: options.accountId,
    invitees: reachable.map((c) => (c.email ?? c.phone)!),
    actor: options.actor,
    reportTo: options.reportTo,
    asBulkJob: true,
    jobKind: 'remind',
  });
  return { count, sample, skipped: contacts.length - reachable.length, ...result };
}
