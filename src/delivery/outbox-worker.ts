/**
 * The outbox worker: claims due messages (safe with any number of workers on
 * one database), renders them, sends them, and records what happened.
 * Emails of bulk jobs go through the provider's batch endpoint, up to 100 per
 * call; other emails and SMS one by one. What to do with a failure is decided
 * here, from the adapter's classification: retry later, fail (permanent), or
 * dead once config.outbox.maxAttempts is spent.
 */
import { countSends } from '../metrics/count-sends.ts';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import { claimSendGroup } from '../core/outbox/claim-send-group.ts';
import { reclaimStaleClaims } from '../core/outbox/reclaim-stale-claims.ts';
import { recordSendOutcome, type SendOutcome } from '../core/outbox/record-send-outcome.ts';
import type { EmailSender, OutgoingEmail } from './email-sender.ts';
import type { SmsSender } from './sms-sender.ts';
import type { SendFailure } from './send-failure.ts';
import { renderMessages, type Rendered } from './render-message.ts';
import { retryDelayMs } from './retry-policy.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';
import { openWebhookTarget } from '../core/events/open-webhook-target.ts';

export interface OutboxWorkerOptions {
  core: Core;
  email: EmailSender;
  sms: SmsSender;
  logger: Logger;
  /** Attempts before a message is dead. */
  maxAttempts: number;
  /** A `sending` message older than this belongs to a worker that died. @default 120000 */
  claimTimeoutMs?: number;
  /** Sleep between empty polls. @default 250 */
  pollIntervalMs?: number;
  /** EMAIL_FROM. */
  emailFrom: string;
  /** Shown in Message.claimedBy. @default hostname-pid-random */
  workerId?: string;
  /** SMS sent at once. @default 5 */
  smsConcurrency?: number;
  /** Outgoing events. @default createWebhookSender() */
  webhooks?: WebhookSender;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Polls until stop(). */
  start(): void;
  /** Finishes the group in hand, then returns. */
  stop(): Promise<void>;
  /** One pass: reclaim stale claims, then one group of each kind. Returns the messages handled. */
  runOnce(): Promise<number>;
  /** Runs passes until no message is due or being sent by any worker (messages waiting for a later retry are not due). */
  drain(): Promise<void>;
}

/** Bulk email groups a worker holds at once (each up to one Resend batch). */
const BULK_EMAIL_GROUPS_IN_FLIGHT = 3;

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { core } = options;
  const workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = options.logger.child({ worker: workerId });
  const claimTimeoutMs = options.claimTimeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  // After a 429 with Retry-After the provider refuses every call until then: claim nothing for it
  // meanwhile (the core clock, so that tests can move it; SMS keep going).
  const pausedUntil = { email: 0, sms: 0 };
  const webhooks = options.webhooks ?? createWebhookSender();
  const paused = (channel: 'email' | 'sms') => core.now().getTime() < pausedUntil[channel];

  async function runOnce(): Promise<number> {
    const reclaimed = await reclaimStaleClaims(core, { olderThanMs: claimTimeoutMs });
    if (reclaimed > 0) log.warn('took back messages from a worker that stopped answering', { messages: reclaimed });
    let handled = 0;
    if (!paused('email')) {
      // Several bulk groups in flight: while one waits for its rate-limit slot
      // the next is claimed, rendered and recorded, so the database work hides
      // behind the provider's pace instead of adding to it.
      const groups: ClaimedMessage[][] = [];
      for (let i = 0; i < BULK_EMAIL_GROUPS_IN_FLIGHT; i++) {
        const group = await claimSendGroup(core, { channel: 'email', bulk: true, limit: options.email.maxBatchSize, workerId });
        if (group.length === 0) break;
        groups.push(group);
      }
      for (const count of await Promise.all(groups.map((group) => sendEmailGroup(group, true)))) handled += count;
    }
    if (!paused('email')) {
      const single = await claimSendGroup(core, { channel: 'email', bulk: false, limit: 10, workerId });
      if (single.length > 0) handled += await sendEmailGroup(single, false);
    }
    for (const bulk of [false, true]) {
      if (paused('sms')) break;
      const sms = await claimSendGroup(core, { channel: 'sms', bulk, limit: options.smsConcurrency ?? 5, workerId });
      if (sms.length > 0) handled += await sendSmsGroup(sms);
    }
    const hooks = await claimSendGroup(core, { channel: 'webhook', bulk: false, limit: 10, workerId });
    if (hooks.length > 0) handled += await sendWebhookGroup(hooks);
    return handled;
  }

  /** Outgoing events (src/core/events): each POSTed, signed, to its subscription. */
  async function sendWebhookGroup(group: ClaimedMessage[]): Promise<number> {
    const outcomes = await Promise.all(
      group.map(async (message): Promise<SendOutcome> => {
        const target = message.payload.subscriptionId ? await openWebhookTarget(core, { subscriptionId: message.payload.subscriptionId }) : null;
        if (!target) return failed(message, { kind: 'permanent', reason: 'the webhook subscription was removed' });
        const event = message.payload.event ?? {};
        const sent = await webhooks.send({ url: target.url, secret: target.secret, eventId: String(event.id), eventType: String(event.type), body: JSON.stringify(event) });
        if (!sent.ok) return failed(message, sent.failure);
        return { messageId: message.id, result: 'sent', providerId: sent.providerId };
      }),
    );
    await recordSendOutcome(core, { claimedBy: group[0]!.claimedBy, outcomes });
    logOutcomes('webhook', outcomes);
    return group.length;
  }

  async function sendEmailGroup(group: ClaimedMessage[], asBatch: boolean): Promise<number> {
    const claimedBy = group[0]!.claimedBy;
    const outcomes: SendOutcome[] = [];
    const ready: Array<{ message: ClaimedMessage; rendered: Extract<Rendered, { channel: 'email' }> }> = [];
    for (const result of await renderMessages(core, group, { emailFrom: options.emailFrom })) {
      if (!result.ok) outcomes.push(failed(result.message, result.failure));
      else if (result.rendered.channel === 'email') ready.push({ message: result.message, rendered: result.rendered });
    }
    const toEmail = ({ message, rendered }: (typeof ready)[number]): OutgoingEmail => ({
      messageId: message.id,
      from: rendered.from,
      to: rendered.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      idempotencyKey: message.idempotencyKey,
    });
    const sent = (entry: (typeof ready)[number], providerId: string): SendOutcome => ({
      messageId: entry.message.id,
      result: 'sent',
      providerId,
      subject: entry.rendered.redactedSubject,
      preview: entry.rendered.preview,
    });
    if (asBatch && ready.length > 1) {
      // The key is derived from the group's messages: the same group, retried, is the same request.
      const key = `portal-desk-batch-${createHash('sha256').update(ready.map((r) => r.message.id).join(',')).digest('base64url').slice(0, 32)}`;
      const result = await options.email.sendBatch(ready.map(toEmail), key);
      if (result.ok) ready.forEach((entry, i) => outcomes.push(sent(entry, result.providerIds[i]!)));
      else if (result.failure.kind === 'permanent') {
        // One bad email refuses the whole batch: send each on its own, so the others still go.
        log.warn('batch refused; its emails will go one by one', { messages: ready.length, reason: result.failure.reason });
        for (const entry of ready) await sendAlone(entry.message, claimedBy);
        await recordSendOutcome(core, { claimedBy, outcomes });
        return group.length;
      } else for (const entry of ready) outcomes.push(failed(entry.message, result.failure));
    } else {
      for (const entry of ready) {
        const result = await options.email.send(toEmail(entry));
        outcomes.push(result.ok ? sent(entry, result.providerId) : failed(entry.message, result.failure));
      }
    }
    await recordSendOutcome(core, { claimedBy, outcomes });
    logOutcomes('email', outcomes);
    return group.length;
  }

  /** Moves one message of a refused batch into a group of its own and sends it through the single endpoint. */
  async function sendAlone(message: ClaimedMessage, fromGroup: string): Promise<void> {
    const solo = `${fromGroup}.${message.id}`;
    const { count } = await core.db.message.updateMany({ where: { id: message.id, status: 'sending', claimedBy: fromGroup }, data: { claimedBy: solo } });
    if (count === 1) await sendEmailGroup([{ ...message, claimedBy: solo }], false);
  }

  async function sendSmsGroup(group: ClaimedMessage[]): Promise<number> {
    const claimedBy = group[0]!.claimedBy;
    const outcomes = await Promise.all(
      (await renderMessages(core, group, { emailFrom: options.emailFrom })).map(async (result): Promise<SendOutcome> => {
        if (!result.ok) return failed(result.message, result.failure);
        if (result.rendered.channel !== 'sms') return failed(result.message, { kind: 'permanent', reason: 'not an SMS' });
        const sent = await options.sms.send({ messageId: result.message.id, to: result.rendered.to, body: result.rendered.body, from: result.rendered.from });
        if (!sent.ok) return failed(result.message, sent.failure);
        return { messageId: result.message.id, result: 'sent', providerId: sent.providerId, preview: result.rendered.preview };
      }),
    );
    await recordSendOutcome(core, { claimedBy, outcomes });
    logOutcomes('sms', outcomes);
    return group.length;
  }

  function failed(message: ClaimedMessage, failure: SendFailure): SendOutcome {
    // A subscriber's Retry-After delays its own event only; it never pauses email or SMS.
    if (failure.retryAfterMs !== undefined && message.channel !== 'webhook') {
      const until = core.now().getTime() + failure.retryAfterMs;
      pausedUntil[message.channel === 'sms' ? 'sms' : 'email'] = Math.max(pausedUntil[message.channel === 'sms' ? 'sms' : 'email'], until);
    }
    if (failure.kind === 'permanent') return { messageId: message.id, result: 'failed', error: failure.reason, optedOut: failure.optedOut };
    if (message.attempts >= options.maxAttempts) return { messageId: message.id, result: 'dead', error: `gave up after ${message.attempts} attempts: ${failure.reason}` };
    return { messageId: message.id, result: 'retry', error: failure.reason, nextAttemptAt: new Date(core.now().getTime() + retryDelayMs(message.attempts, failure.retryAfterMs)) };
  }

  function logOutcomes(channel: string, outcomes: SendOutcome[]) {
    const count = (result: SendOutcome['result']) => outcomes.filter((o) => o.result === result).length;
    const problems = outcomes.filter((o) => o.result !== 'sent');
    const fields = { channel, sent: count('sent'), retry: count('retry'), failed: count('failed'), dead: count('dead') };
    countSends(channel, channel === 'email' ? options.email.name : channel === 'sms' ? options.sms.name : 'webhook', fields);
    if (problems.length === 0) log.debug('sent', fields);
    else log.warn('not all sent', { ...fields, firstError: (problems[0] as { error: string }).error });
  }

  async function poll(): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        log.error('outbox pass failed; trying again', { error });
      }
      if (handled === 0 && running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    workerId,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    runOnce,
    async drain() {
      // Done only when nothing is due and nothing is in another worker's hands
      // (the app's own polling loop may hold a group while a test drains).
      const deadline = Date.now() + 60_000;
      for (;;) {
        if ((await runOnce()) > 0) continue;
        const [inFlight, due] = await Promise.all([
          core.db.message.count({ where: { status: 'sending' } }),
          core.db.message.count({ where: { status: 'pending', nextAttemptAt: { lte: core.now() } } }),
        ]);
        if (inFlight === 0 && due === 0) return;
        if (Date.now() > deadline) throw new Error(`outbox did not drain: ${inFlight} sending, ${due} due`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
