import type { Core } from '../core.ts';
import { invalidInput, isAppError, type InvalidEntry } from '../shared/errors.ts';
import { chunk } from '../shared/chunk.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import type { Section } from '../access/sections.ts';
import { resolveChannel, type DeliveryChoice } from '../outbox/delivery-channel.ts';
import { createBulkJob } from '../outbox/create-bulk-job.ts';
import { advanceBulkJob, finishQueuing } from '../outbox/bulk-job-lease.ts';
import { queueLinkMessages } from './queue-link-message.ts';
import { BATCH_TRANSACTION } from './invite-contacts.ts';

export interface QueueLoginEmailsOptions {
  accountId: string;
  /** Contact ids, emails or phone numbers of existing contacts. */
  contacts: string[];
  /** @default "email" */
  channel?: DeliveryChoice;
  /** @default "portal" */
  section?: Section;
  resourceName?: string;
  /** Land in an app (id or name) at appPath instead of the portal. */
  app?: string;
  appPath?: string;
  actor: string;
  reportTo?: Record<string, unknown>;
  /** @default more than one contact */
  asBulkJob?: boolean;
  /**
   * Called once every entry has been checked and the bulk job exists, before
   * the contacts are written: lets a transport answer with the job id at once
   * while the work goes on (the REST API does).
   */
  onBulkJobCreated?: (bulkJobId: string) => void;
}

export interface QueueLoginEmailsResult {
  queued: Array<{ contactId: string; messageId: string; toAddress: string }>;
  bulkJobId: string | null;
}

/**
 * Queues a one-click login message (link + code) for existing contacts. Every
 * contact is looked up first; unknown or unreachable ones refuse the request
 * and nothing is queued.
 * @throws AppError invalid_input listing every contact that cannot be sent to.
 */
export async function queueLoginEmails(core: Core, options: QueueLoginEmailsOptions): Promise<QueueLoginEmailsResult> {
  const choice = options.channel ?? 'email';
  const lookups = [...new Set(options.contacts.map((c) => c.trim()).filter(Boolean))];
  if (lookups.length === 0) throw invalidInput('no contacts to send a login link to');
  const invalid: InvalidEntry[] = [];
  const targets: Array<{ id: string; channel: 'email' | 'sms'; toAddress: string }> = [];
  for (const batch of chunk(lookups, 500)) {
    const emails: string[] = [];
    const phones: string[] = [];
    for (const lookup of batch) {
      const parsed = parseAddress(lookup);
      if (parsed.ok) (parsed.address.kind === 'email' ? emails.push(parsed.address.email) : phones.push(parsed.address.phone));
    }
    const rows = await core.db.contact.findMany({
      where: { accountId: options.accountId, OR: [{ id: { in: batch } }, { email: { in: emails } }, { phone: { in: phones } }] },
    });
    for (const lookup of batch) {
      const parsed = parseAddress(lookup);
      const key = parsed.ok ? (parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone) : lookup;
      const row = rows.find((r) => r.id === lookup || r.email === key || r.phone === key);
      if (!row) {
        invalid.push({ input: lookup, reason: parsed.ok || /^[\w-]{10,}$/.test(lookup) ? 'no such contact' : parsed.reason });
        continue;
      }
      try {
        targets.push({ id: row.id, ...resolveChannel(row, choice) });
      } catch (error) {
        if (!isAppError(error)) throw error;
        invalid.push({ input: lookup, reason: error.message });
      }
    }
  }
  if (invalid.length > 0) throw invalidInput(`${invalid.length} of ${lookups.length} contact(s) cannot get a login link; nothing was sent`, invalid);

  const unique = [...new Map(targets.map((t) => [t.id, t])).values()];
  const now = core.now();
  const plan: LoginEmailPlan = { kind: 'login_email', accountId: options.accountId, targets: unique, section: options.section, resourceName: options.resourceName, app: options.app, appPath: options.appPath, actor: options.actor };
  const bulkJobId =
    options.asBulkJob ?? unique.length > 1
      ? (await core.db.$transaction((tx) => createBulkJob(tx, { accountId: options.accountId, kind: 'login_email', total: unique.length, requestedBy: options.actor, reportTo: options.reportTo, pendingInput: plan, now }))).id
      : null;
  if (bulkJobId) options.onBulkJobCreated?.(bulkJobId);
  return { queued: await queueLoginMessages(core, { plan, targets: unique, bulkJobId, now }), bulkJobId };
}

/** The checked input of a login-link send, as kept on its bulk job until every message is queued. */
export interface LoginEmailPlan {
  kind: 'login_email';
  accountId: string;
  targets: Array<{ id: string; channel: 'email' | 'sms'; toAddress: string }>;
  section?: Section;
  resourceName?: string;
  app?: string;
  appPath?: string;
  actor: string;
}

/**
 * Queues checked login messages, 200 per transaction; with a bulk job, each
 * transaction advances its queuedCount (see resume-bulk-jobs.ts).
 */
export async function queueLoginMessages(
  core: Core,
  options: { plan: LoginEmailPlan; targets: LoginEmailPlan['targets']; bulkJobId: string | null; now: Date },
): Promise<QueueLoginEmailsResult['queued']> {
  const { plan, bulkJobId, now } = options;
  const queued: QueueLoginEmailsResult['queued'] = [];
  for (const batch of chunk(options.targets, 200)) {
    await core.db.$transaction(async (tx) => {
      const recipients = batch.map((target) => ({ contactId: target.id, channel: target.channel, toAddress: target.toAddress }));
      const messages = await queueLinkMessages(core, tx, {
        accountId: plan.accountId,
        purpose: 'login',
        template: 'login',
        section: plan.section,
        resourceName: plan.resourceName,
        app: plan.app,
        appPath: plan.appPath,
        bulkJobId,
        actor: plan.actor,
        recipients,
      });
      await recordAuditEvents(
        tx,
        recipients.map((recipient, index) => ({
          accountId: plan.accountId,
          actor: plan.actor,
          action: 'login_link.queued',
          subject: `contact:${recipient.contactId}`,
          metadata: { channel: recipient.channel, messageId: messages[index]!.messageId, bulkJobId },
          at: now,
        })),
      );
      if (bulkJobId) await advanceBulkJob(tx, bulkJobId, batch.length, now);
      recipients.forEach((recipient, index) => queued.push({ contactId: recipient.contactId, messageId: messages[index]!.messageId, toAddress: recipient.toAddress }));
    }, BATCH_TRANSACTION);
  }
  if (bulkJobId) await finishQueuing(core.db, bulkJobId);
  return queued;
}
