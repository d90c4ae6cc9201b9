import type { Core } from '../core.ts';
import { cleanText } from '../shared/free-text.ts';
import { invalidInput, isAppError, type InvalidEntry } from '../shared/errors.ts';
import { parseAddress, type ContactAddress } from '../contacts/parse-address.ts';
import { findOrCreateContactRows } from '../contacts/find-or-create-contact.ts';
import { markManyInvited } from '../contacts/portal-status.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { parseGrantTarget, type GrantTarget } from '../access/grant-target.ts';
import { grantAccessInTx } from '../access/grant-access.ts';
import type { Section } from '../access/sections.ts';
import { resolveChannel, type DeliveryChoice } from '../outbox/delivery-channel.ts';
import { runBulkJob, startBulkJob, type BulkJobHandle } from './run-bulk-job.ts';
import { queueLinkMessages } from './queue-link-message.ts';
import { chunk } from '../shared/chunk.ts';
import type { Actor } from '../audit/actor.ts';
import { assertAccountOpen } from '../accounts/assert-account-open.ts';

export interface Invitee {
  /** An email or phone number, as typed. */
  address: string;
  firstName?: string;
  lastName?: string;
}

export interface InviteContactsOptions {
  accountId: string;
  invitees: Array<Invitee | string>;
  /** @default "auto": email when the contact has one, otherwise SMS */
  channel?: DeliveryChoice;
  /** Access given with the invitation (no separate "access granted" message). */
  grants?: Array<{ kind: string; resourceName?: string }>;
  /** Where the invite link lands. @default "portal" */
  section?: Section;
  actor: Actor;
  /** Where a bulk job reports progress. */
  reportTo?: Record<string, unknown>;
  /** Record a bulk job even for one invitee. @default more than one invitee */
  asBulkJob?: boolean;
  /** @default "invite" */
  jobKind?: 'invite' | 'remind' | 'import';
  /**
   * Called once every entry has been checked and the bulk job exists, before
   * the contacts are written: lets a transport answer with the job id at once
   * while the work goes on (the REST API does).
   */
  onBulkJobCreated?: (bulkJobId: string) => void;
  /** Add to a bulk job the caller created (an import invites its rows in several calls, as one job). */
  bulkJobId?: string;
}

export interface InviteContactsResult {
  invited: Array<{ contact: Contact; created: boolean; alreadyActive: boolean; messageId: string }>;
  bulkJobId: string | null;
}

/**
 * Invites contacts to the portal: creates the unknown ones, marks them invited
 * (active contacts stay active), mints an invite link each and queues one
 * message each, in one transaction per contact batch. Every address is checked
 * before anything is written: one bad address refuses the whole request and
 * creates nothing.
 * @throws AppError invalid_input with `details.invalid` listing every bad entry.
 */
export async function inviteContacts(core: Core, options: InviteContactsOptions): Promise<InviteContactsResult> {
  // Refused before any address is read: an archived account invites no one (the link minting checks again).
  await assertAccountOpen(core, { accountId: options.accountId });
  const choice = options.channel ?? 'auto';
  // A bad grant refuses the request before anything is checked or written.
  for (const g of options.grants ?? []) parseGrantTarget(g.kind, g.resourceName);
  const invitees = dedupe(options.invitees.map((i) => (typeof i === 'string' ? { address: i } : i)));
  if (invitees.length === 0) throw invalidInput('no addresses to invite');

  const invalid: InvalidEntry[] = [];
  const parsed: Array<{ invitee: Invitee; address: ContactAddress }> = [];
  for (const invitee of invitees) {
    const result = parseAddress(invitee.address);
    const nameProblem = namesProblem(invitee);
    if (!result.ok) invalid.push({ input: result.input, reason: result.reason });
    else if (nameProblem) invalid.push({ input: invitee.address, reason: nameProblem });
    else parsed.push({ invitee, address: result.address });
  }
  invalid.push(...(await unreachable(core, options.accountId, parsed, choice)));
  if (invalid.length > 0) {
    throw invalidInput(
      `${invalid.length} of ${invitees.length} address(es) cannot be invited; nothing was sent`,
      invalid,
    );
  }

  const now = core.now();
  const plan: InvitePlan = {
    kind: 'invite',
    accountId: options.accountId,
    invitees: parsed.map((entry) => entry.invitee),
    channel: choice,
    grants: options.grants ?? [],
    section: options.section,
    actor: options.actor,
  };
  // A job this call creates keeps the checked input until it is all queued (resume-bulk-jobs.ts);
  // a job a caller passes in (an import) is the caller's to track.
  const job = await startBulkJob(core, {
    accountId: options.accountId,
    kind: options.jobKind ?? 'invite',
    total: parsed.length,
    actor: options.actor,
    reportTo: options.reportTo,
    plan,
    now,
    wanted: options.asBulkJob ?? parsed.length > 1,
    existingJobId: options.bulkJobId,
    onBulkJobCreated: options.onBulkJobCreated,
  });
  const invited = await queueInvites(core, { plan, entries: parsed, job, now });
  return { invited, bulkJobId: job.bulkJobId };
}

/** The checked input of an invitation, as kept on its bulk job until every entry is queued. */
export interface InvitePlan {
  kind: 'invite';
  accountId: string;
  invitees: Invitee[];
  channel: DeliveryChoice;
  grants: Array<{ kind: string; resourceName?: string }>;
  section?: Section;
  actor: Actor;
}

/** Writes checked invitations, one transaction per batch (run-bulk-job.ts). */
export async function queueInvites(
  core: Core,
  options: {
    plan: InvitePlan;
    entries: Array<{ invitee: Invitee; address: ContactAddress }>;
    job: BulkJobHandle;
    now: Date;
  },
): Promise<InviteContactsResult['invited']> {
  const { plan, now } = options;
  const { bulkJobId } = options.job;
  const grants: GrantTarget[] = plan.grants.map((g) => parseGrantTarget(g.kind, g.resourceName));
  return runBulkJob(core, {
    job: options.job,
    entries: options.entries,
    now,
    queueBatch: async (tx, batch) => {
      const contacts = await findOrCreateContactRows(core, tx, {
        accountId: plan.accountId,
        entries: batch.map(({ invitee, address }) => ({
          address,
          firstName: invitee.firstName,
          lastName: invitee.lastName,
        })),
        actor: plan.actor,
        now,
      });
      const ids = contacts.map((c) => c.row.id);
      await markManyInvited(tx, plan.accountId, ids, now);
      for (const id of ids) {
        for (const target of grants)
          await grantAccessInTx(core, tx, {
            accountId: plan.accountId,
            contactId: id,
            target,
            actor: plan.actor,
            runHooks: false,
          });
      }
      const recipients = contacts.map((c) => ({ contactId: c.row.id, ...resolveChannel(c.row, plan.channel) }));
      const queued = await queueLinkMessages(core, tx, {
        accountId: plan.accountId,
        purpose: 'invite',
        template: 'invite',
        section: plan.section,
        granted: grantedText(grants),
        bulkJobId,
        actor: plan.actor,
        recipients,
        audit: { action: 'contact.invited', at: now },
      });
      const rows = new Map((await tx.contact.findMany({ where: { id: { in: ids } } })).map((row) => [row.id, row]));
      return contacts.map((c, index) => ({
        contact: toContact(rows.get(c.row.id)!),
        created: c.created,
        alreadyActive: c.row.status === 'active',
        messageId: queued[index]!.messageId,
      }));
    },
  });
}

function dedupe(invitees: Invitee[]): Invitee[] {
  const seen = new Set<string>();
  return invitees.filter((invitee) => {
    const key = invitee.address.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Addresses whose contact cannot be reached on the chosen channel, checked before any write. */
async function unreachable(
  core: Core,
  accountId: string,
  parsed: Array<{ invitee: Invitee; address: ContactAddress }>,
  choice: DeliveryChoice,
): Promise<InvalidEntry[]> {
  const emails = parsed.flatMap((p) => (p.address.kind === 'email' ? [p.address.email] : []));
  const phones = parsed.flatMap((p) => (p.address.kind === 'phone' ? [p.address.phone] : []));
  const existing = new Map<
    string,
    { email: string | null; phone: string | null; smsOptedOutAt: Date | null; status?: string }
  >();
  for (const batch of chunk(emails, 500)) {
    for (const row of await core.db.contact.findMany({
      where: { accountId, email: { in: batch } },
      select: { email: true, phone: true, smsOptedOutAt: true, status: true },
    }))
      existing.set(row.email!, row);
  }
  for (const batch of chunk(phones, 500)) {
    for (const row of await core.db.contact.findMany({
      where: { accountId, phone: { in: batch } },
      select: { email: true, phone: true, smsOptedOutAt: true, status: true },
    }))
      existing.set(row.phone!, row);
  }
  const problems: InvalidEntry[] = [];
  for (const { invitee, address } of parsed) {
    const key = address.kind === 'email' ? address.email : address.phone;
    const contact = existing.get(key) ?? {
      email: address.kind === 'email' ? address.email : null,
      phone: address.kind === 'phone' ? address.phone : null,
      smsOptedOutAt: null,
    };
    if (contact.status === 'deactivated') {
      problems.push({ input: invitee.address, reason: 'access is turned off for this contact: reactivate them first' });
      continue;
    }
    try {
      resolveChannel(contact, choice);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.push({ input: invitee.address, reason: error.message });
    }
  }
  return problems;
}

/** Why an invitee's names cannot be stored (control characters, line breaks, bidi overrides, length), or null. */
function namesProblem(invitee: Invitee): string | null {
  try {
    cleanText(invitee.firstName, { field: 'firstName' });
    cleanText(invitee.lastName, { field: 'lastName' });
    return null;
  } catch (error) {
    if (isAppError(error, 'invalid_input')) return error.message;
    throw error;
  }
}

/** `the course “Intro to SEO” and the affiliate area`: what an invitation grants, as the message says it. */
export function grantedText(grants: GrantTarget[]): string | undefined {
  if (grants.length === 0) return undefined;
  const words = grants.map((g) =>
    g.kind === 'affiliate' ? 'the affiliate area' : `the ${g.kind} “${g.resourceName}”`,
  );
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
