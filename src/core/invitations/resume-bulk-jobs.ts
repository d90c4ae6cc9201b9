import type { Core } from '../core.ts';
import { parseAddress, type ContactAddress } from '../contacts/parse-address.ts';
import { takeOverBulkJob } from '../outbox/bulk-job-lease.ts';
import { queueInvites, type InvitePlan } from './invite-contacts.ts';
import { queueLoginMessages, type LoginEmailPlan } from './queue-login-emails.ts';

export interface ResumedBulkJobs {
  /** Jobs taken over and queued to the end, with how many entries this call queued. */
  resumed: Array<{ bulkJobId: string; queued: number }>;
  /** Jobs taken over that failed again; their lease runs out and a later call tries again. */
  failed: Array<{ bulkJobId: string; error: string }>;
}

/**
 * Finishes bulk work a dead process left half-queued. A job created by
 * inviteContacts or queueLoginEmails keeps its checked input and a lease that
 * each batch renews; a job whose lease ran out while input is left is taken
 * over (one process wins) and queued from the first entry no committed batch
 * covered. Each batch and its progress commit together, so no entry is queued
 * twice and none is skipped.
 */
export async function resumeBulkJobs(core: Core): Promise<ResumedBulkJobs> {
  const now = core.now();
  const stale = await core.db.bulkJob.findMany({
    where: { pendingInput: { not: null }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const result: ResumedBulkJobs = { resumed: [], failed: [] };
  for (const { id } of stale) {
    if (!(await takeOverBulkJob(core, id, now))) continue;
    const job = await core.db.bulkJob.findUniqueOrThrow({
      where: { id },
      select: { pendingInput: true, queuedCount: true },
    });
    try {
      const plan = JSON.parse(job.pendingInput!) as InvitePlan | LoginEmailPlan;
      const queued = await (plan.kind === 'invite'
        ? resumeInvites(core, id, plan, job.queuedCount)
        : resumeLoginMessages(core, id, plan, job.queuedCount));
      result.resumed.push({ bulkJobId: id, queued });
    } catch (error) {
      result.failed.push({ bulkJobId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

async function resumeInvites(core: Core, bulkJobId: string, plan: InvitePlan, done: number): Promise<number> {
  const entries = plan.invitees.slice(done).map((invitee) => {
    const parsed = parseAddress(invitee.address);
    // Checked when the job was created; a parse that fails now is a bug, not bad input.
    if (!parsed.ok) throw new Error(`bulk job ${bulkJobId}: kept address no longer parses (${parsed.reason})`);
    return { invitee, address: parsed.address as ContactAddress };
  });
  return (await queueInvites(core, { plan, entries, job: { bulkJobId, ownsJob: true }, now: core.now() })).length;
}

async function resumeLoginMessages(core: Core, bulkJobId: string, plan: LoginEmailPlan, done: number): Promise<number> {
  return (
    await queueLoginMessages(core, {
      plan,
      targets: plan.targets.slice(done),
      job: { bulkJobId, ownsJob: true },
      now: core.now(),
    })
  ).length;
}
