/**
 * The outbox worker: claims due messages (safe with any number of workers on
 * one database), renders them, sends them, and records what happened.
 * Emails of bulk jobs go through the provider's batch endpoint, one send
 * group per call; other emails and SMS one by one. Webhook deliveries run in
 * a lane of their own, so a subscriber that never answers delays no email or
 * SMS. A heartbeat renews this worker's claims and takes over the claims of
 * workers that stopped renewing theirs (README, "Delivery guarantees").
 */
import { countSends } from '../metrics/count-sends.ts';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import { claimSendGroup } from '../core/outbox/claim-send-group.ts';
import { heartbeatEveryMs } from '../core/outbox/lease-timing.ts';
import { renewClaims } from '../core/outbox/renew-claims.ts';
import { reclaimStaleClaims } from '../core/outbox/reclaim-stale-claims.ts';
import { countUnfinishedMessages } from '../core/outbox/count-unfinished-messages.ts';
import { recordSendOutcome, type SendOutcome } from '../core/outbox/record-send-outcome.ts';
import type { EmailSender } from './email-sender.ts';
import type { SmsSender } from './sms-sender.ts';
import type { SendFailure } from './send-failure.ts';
import { retryDelayMs } from './retry-policy.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';
import { createEmailLane } from './email-lane.ts';
import { createSmsLane } from './sms-lane.ts';
import { createWebhookLane } from './webhook-lane.ts';

export interface OutboxWorkerOptions {
  core: Core;
  email: EmailSender;
  sms: SmsSender;
  logger: Logger;
  /** Attempts before a message is dead. */
  maxAttempts: number;
  /** Sleep between empty polls. @default 250 */
  pollIntervalMs?: number;
  /** EMAIL_FROM. */
  emailFrom: string;
  /** The prefix of this worker's claim ids (Message.claimedBy). @default hostname-pid-random */
  workerId?: string;
  /** SMS sent at once. @default 5 */
  smsConcurrency?: number;
  /** Outgoing events. @default createWebhookSender() */
  webhooks?: WebhookSender;
  /** Deliveries in flight to one webhook subscriber. @default 2 */
  webhookConcurrencyPerSubscriber?: number;
  /** First retry delay; later ones double (tests shorten it). @default 5000 */
  retryBaseMs?: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Polls until stop(). */
  start(): void;
  /** Finishes the groups in hand (their claims stay renewed until recorded), then returns. */
  stop(): Promise<void>;
  /** One pass of every lane: one group of each kind. Returns the messages handled. */
  runOnce(): Promise<number>;
  /** Runs passes until no message is due or being sent by any worker (messages waiting for a later retry are not due). */
  drain(): Promise<void>;
  /** The last heartbeat that reached the database (readiness: a stale one means a stuck worker). */
  readonly lastHeartbeatAt: Date | undefined;
}

/** Bulk email groups a worker holds at once (each up to one Resend batch). */
const BULK_EMAIL_GROUPS_IN_FLIGHT = 3;

/** What the lanes share: the claims held, the failure policy and the recorder. */
export interface LaneContext {
  core: Core;
  log: Logger;
  options: OutboxWorkerOptions;
  workerId: string;
  /** Remembers claimed messages as held: the heartbeat renews their claims until released. */
  hold(messages: ClaimedMessage[]): void;
  /** After their outcome is recorded (or given up on): their claims are no longer renewed. */
  release(messages: ClaimedMessage[]): void;
  failed(message: ClaimedMessage, failure: SendFailure, delayMs?: number): SendOutcome;
  record(group: ClaimedMessage[], outcomes: SendOutcome[], channel: string): Promise<void>;
  paused(channel: 'email' | 'sms'): boolean;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { core } = options;
  const workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = options.logger.child({ worker: workerId });
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  // Claim id -> messages of it still in hand.
  const held = new Map<string, number>();
  const heldClaims = () => [...held.keys()];
  let running = false;
  let loops: Promise<void>[] = [];
  const wakers = new Set<() => void>();
  let heartbeat: NodeJS.Timeout | undefined;
  let lastHeartbeatAt: Date | undefined;
  // After a 429 with Retry-After the provider refuses every call until then: claim nothing for it
  // meanwhile (the core clock, so that tests can move it; SMS keep going).
  const pausedUntil = { email: 0, sms: 0 };

  const context: LaneContext = {
    core,
    log,
    options,
    workerId,
    hold(messages) {
      for (const m of messages) held.set(m.claimedBy, (held.get(m.claimedBy) ?? 0) + 1);
    },
    release(messages) {
      for (const m of messages) {
        const left = (held.get(m.claimedBy) ?? 1) - 1;
        if (left <= 0) held.delete(m.claimedBy);
        else held.set(m.claimedBy, left);
      }
    },
    paused: (channel) => core.now().getTime() < pausedUntil[channel],
    failed(message, failure, delayMs) {
      // A subscriber's Retry-After delays its own event only; it never pauses email or SMS.
      if (failure.retryAfterMs !== undefined && message.channel !== 'webhook') {
        const lane = message.channel === 'sms' ? 'sms' : 'email';
        pausedUntil[lane] = Math.max(pausedUntil[lane], core.now().getTime() + failure.retryAfterMs);
      }
      if (failure.kind === 'permanent')
        return { messageId: message.id, result: 'failed', error: failure.reason, optedOut: failure.optedOut };
      if (message.attempts >= options.maxAttempts)
        return {
          messageId: message.id,
          result: 'dead',
          error: `gave up after ${message.attempts} attempts: ${failure.reason}`,
        };
      const delay = delayMs ?? retryDelayMs(message.attempts, failure.retryAfterMs, Math.random, options.retryBaseMs);
      return {
        messageId: message.id,
        result: 'retry',
        error: failure.reason,
        nextAttemptAt: new Date(core.now().getTime() + delay),
      };
    },
    async record(group, outcomes, channel) {
      const ids = group.map((m) => m.id);
      const claims = [...new Set(group.map((m) => m.claimedBy))];
      try {
        for (const claimedBy of claims) {
          const mine = outcomes.filter((o) => group.find((m) => m.id === o.messageId)?.claimedBy === claimedBy);
          if (mine.length === 0) continue;
          const { notRecorded } = await recordWithRetries(claimedBy, mine);
          if (notRecorded.length > 0)
            log.warn(
              'outcome not recorded: another worker took these messages over first (same request, same key: no second delivery)',
              { channel, messages: notRecorded },
            );
        }
        logOutcomes(channel, outcomes);
      } catch (error) {
        // Their claims are let go: the lease runs out and they are sent again as the same request.
        log.error('could not record what the provider said; these messages will be retried under the same key', {
          channel,
          messages: ids,
          error,
        });
      } finally {
        context.release(group);
      }
    },
  };

  async function recordWithRetries(claimedBy: string, outcomes: SendOutcome[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await recordSendOutcome(core, { claimedBy, outcomes });
      } catch (error) {
        if (attempt >= 3) throw error;
        log.warn('recording a send failed; trying again', {
          messages: outcomes.map((o) => o.messageId),
          attempt,
          error,
        });
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  const email = createEmailLane(context);
  const sms = createSmsLane(context);
  const webhooks = createWebhookLane(
    context,
    options.webhooks ?? createWebhookSender(),
    options.webhookConcurrencyPerSubscriber ?? 2,
  );

  /** Claims a group and remembers it as held before anything else can fail. */
  async function claim(channel: 'email' | 'sms', bulk: boolean, limit: number): Promise<ClaimedMessage[]> {
    const group = await claimSendGroup(core, { channel, bulk, limit, workerId });
    context.hold(group);
    return group;
  }

  async function runMain(): Promise<number> {
    let handled = 0;
    if (!context.paused('email')) {
      // Several bulk groups in flight: while one waits for its rate-limit slot the next is
      // claimed, rendered and recorded, so the database work hides behind the provider's pace.
      const groups: ClaimedMessage[][] = [];
      for (let i = 0; i < BULK_EMAIL_GROUPS_IN_FLIGHT; i++) {
        const group = await claim('email', true, options.email.maxBatchSize);
        if (group.length === 0) break;
        groups.push(group);
      }
      // allSettled: one group's failure must not hide another's (each is logged with its message ids).
      const sent = await Promise.allSettled(groups.map((group) => email.sendGroup(group, true)));
      sent.forEach((result, i) => {
        if (result.status === 'fulfilled') handled += result.value;
        else {
          log.error('email group failed before its outcome was recorded; retried after its lease', {
            messages: groups[i]!.map((m) => m.id),
            error: result.reason,
          });
          context.release(groups[i]!);
        }
      });
    }
    if (!context.paused('email')) {
      const single = await claim('email', false, 10);
      if (single.length > 0) handled += await guarded('email', single, () => email.sendGroup(single, false));
    }
    for (const bulk of [false, true]) {
      if (context.paused('sms')) break;
      const group = await claim('sms', bulk, options.smsConcurrency ?? 5);
      if (group.length > 0) handled += await guarded('sms', group, () => sms.sendGroup(group));
    }
    return handled;
  }

  async function guarded(channel: string, group: ClaimedMessage[], send: () => Promise<number>): Promise<number> {
    try {
      return await send();
    } catch (error) {
      log.error(`${channel} group failed before its outcome was recorded; retried after its lease`, {
        messages: group.map((m) => m.id),
        error,
      });
      context.release(group);
      return group.length;
    }
  }

  /** Renews this worker's claims and takes back the claims no live worker renews. */
  async function beat(): Promise<void> {
    try {
      await renewClaims(core, { claimIds: heldClaims() });
      const taken = await reclaimStaleClaims(core, { except: heldClaims() });
      lastHeartbeatAt = new Date();
      if (taken.length > 0) {
        const from = [...new Set(taken.map((m) => m.claimedBy?.split('/')[0] ?? 'unknown'))];
        log.warn('took back messages from a worker that stopped renewing its claims', {
          messages: taken.map((m) => m.id),
          from,
        });
      }
    } catch (error) {
      log.error('outbox heartbeat failed; claims are renewed at the next one', { claims: heldClaims(), error });
    }
  }

  function logOutcomes(channel: string, outcomes: SendOutcome[]) {
    const count = (result: SendOutcome['result']) => outcomes.filter((o) => o.result === result).length;
    const problems = outcomes.filter((o) => o.result !== 'sent');
    const fields = {
      channel,
      sent: count('sent'),
      retry: count('retry'),
      failed: count('failed'),
      dead: count('dead'),
    };
    countSends(
      channel,
      channel === 'email' ? options.email.name : channel === 'sms' ? options.sms.name : 'webhook',
      fields,
    );
    if (problems.length === 0) log.debug('sent', fields);
    else
      log.warn('not all sent', {
        ...fields,
        messages: problems.map((o) => o.messageId),
        firstError: (problems[0] as { error: string }).error,
      });
  }

  async function poll(pass: () => Promise<number>, name: string): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await pass();
      } catch (error) {
        log.error(`outbox ${name} pass failed; trying again`, { error });
      }
      if (handled === 0 && running) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, pollIntervalMs);
          wakers.add(wake);
        });
      }
    }
  }

  return {
    workerId,
    get lastHeartbeatAt() {
      return lastHeartbeatAt;
    },
    start() {
      if (running) return;
      running = true;
      void beat();
      heartbeat = setInterval(() => void beat(), heartbeatEveryMs(core.leaseMs));
      heartbeat.unref();
      loops = [poll(runMain, 'email and SMS'), poll(() => webhooks.runOnce(), 'webhook')];
    },
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      webhooks.stop();
      await Promise.all(loops);
      await webhooks.settle();
      // Only now: the groups in hand kept their leases while they were finished.
      clearInterval(heartbeat);
    },
    async runOnce() {
      return (await runMain()) + (await webhooks.runOnce());
    },
    async drain() {
      // Done only when nothing is due and nothing is in another worker's hands
      // (the app's own polling loop may hold a group while a test drains).
      const deadline = Date.now() + 60_000;
      for (;;) {
        await beat();
        if ((await runMain()) + (await webhooks.runOnce()) > 0) continue;
        await webhooks.settle();
        const { sending, due } = await countUnfinishedMessages(core);
        if (sending === 0 && due === 0) return;
        if (Date.now() > deadline) throw new Error(`outbox did not drain: ${sending} sending, ${due} due`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
