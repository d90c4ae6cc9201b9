import type { Core } from '../core.ts';
import { invalidInput, isAppError, type InvalidEntry } from '../shared/errors.ts';
import { chunk } from '../shared/chunk.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import type { Section } from '../access/sections.ts';
import { resolveChannel, type DeliveryChoice } from '../outbox/delivery-channel.ts';
import { queueLinkMessages } from './queue-link-message.ts';
import { runBulkJob, startBulkJob, type BulkJobHandle } from './run-bulk-job.ts';
import type { Actor } from '../audit/actor.ts';
import { assertAccountOpen } from '../accounts/assert-account-open.ts';

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
  actor: Actor;
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
 * @throws AppError invalid_input listing every contact that cannot be sent to; account_archived.
 */
export async function queueLoginEmails(core: Core, options: QueueLoginEmailsOptions): Promise<QueueLoginEmailsResult> {
  // Refused up front, like inviteContacts: a bulk send of an archived account was accepted (202)
  // and then failed in the background (test/accounts/account-keys.security.test.ts).
  await assertAccountOpen(core, { accountId: options.accountId });
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
      if (parsed.ok)
        parsed.address.kind === 'email' ? emails.push(parsed.address.email) : phones.push(parsed.address.phone);
    }
    const rows = await core.db.contact.findMany({
      where: {
        accountId: options.accountId,
        OR: [{ id: { in: batch } }, { email: { in: emails } }, { phone: { in: phones } }],
      },
    });
    for (const lookup of batch) {
      const parsed = parseAddress(lookup);
      const key = parsed.ok ? (parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone) : lookup;
      const row = rows.find((r) => r.id === lookup || r.email === key || r.phone === key);
      if (!row) {
        invalid.push({
          input: lookup,
          reason: parsed.ok || /^[\w-]{10,}$/.test(lookup) ? 'no such contact' : parsed.reason,
        });
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
  if (invalid.length > 0)
    throw invalidInput(
      `${invalid.length} of ${lookups.length} contact(s) cannot get a login link; nothing was sent`,
      invalid,
    );

  const unique = [...new Map(targets.map((t) => [t.id, t])).values()];
  const now = core.now();
  const plan: LoginEmailPlan = {
    kind: 'login_email',
    accountId: options.accountId,
    targets: unique,
    section: options.section,
    resourceName: options.resourceName,
    app: options.app,
    appPath: options.appPath,
    actor: options.actor,
  };
  const job = await startBulkJob(core, {
    accountId: options.accountId,
    kind: 'login_email',
    total: unique.length,
    actor: options.actor,
    reportTo: options.reportTo,
    plan,
    now,
    wanted: options.asBulkJob ?? unique.length > 1,
    onBulkJobCreated: options.onBulkJobCreated,
  });
  return { queued: await queueLoginMessages(core, { plan, targets: unique, job, now }), bulkJobId: job.bulkJobId };
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
  actor: Actor;
}

/** Queues checked login messages, one transaction per batch (run-bulk-job.ts). */
export async function queueLoginMessages(
  core: Core,
  options: { plan: LoginEmailPlan; targets: LoginEmailPlan['targets']; job: BulkJobHandle; now: Date },
): Promise<QueueLoginEmailsResult['queued']> {
  const { plan, now } = options;
  const { bulkJobId } = options.job;
  return runBulkJob(core, {
    job: options.job,
    entries: options.targets,
    now,
    queueBatch: async (tx, batch) => {
      const recipients = batch.map((target) => ({
        contactId: target.id,
        channel: target.channel,
        toAddress: target.toAddress,
      }));
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
        audit: { action: 'login_link.queued', at: now },
      });
      return recipients.map((recipient, index) => ({
        contactId: recipient.contactId,
        messageId: messages[index]!.messageId,
        toAddress: recipient.toAddress,
      }));
    },
  });
}
