/**
 * Outgoing events (src/core/events), in a lane of their own: claimed and
 * sent apart from email and SMS, at most `perSubscriber` deliveries in flight
 * to one subscriber. A subscriber that never answers (10 s timeouts, then
 * retries) ties up its own slots only, never another subscriber's, and never
 * an email or an SMS.
 */
import { claimSendGroup } from '../core/outbox/claim-send-group.ts';
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import type { SendOutcome } from '../core/outbox/record-send-outcome.ts';
import { openWebhookTarget } from '../core/events/open-webhook-target.ts';
import type { LaneContext } from './outbox-worker.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** Deliveries this worker holds at once, all subscribers together. */
const IN_FLIGHT = 20;

export function createWebhookLane(ctx: LaneContext, sender: WebhookSender, perSubscriber: number) {
  const { core } = ctx;
  const tasks = new Set<Promise<void>>();
  let stopping = false;
  const slots = new Map<string, { active: number; waiting: Array<() => void> }>();

  async function withSlot<T>(subscriber: string, work: () => Promise<T>): Promise<T> {
    const slot = slots.get(subscriber) ?? { active: 0, waiting: [] };
    slots.set(subscriber, slot);
    if (slot.active >= perSubscriber) await new Promise<void>((resolve) => slot.waiting.push(resolve));
    slot.active++;
    try {
      return await work();
    } finally {
      slot.active--;
      const next = slot.waiting.shift();
      if (next) next();
      else if (slot.active === 0) slots.delete(subscriber);
    }
  }

  async function deliver(message: ClaimedMessage): Promise<SendOutcome> {
    // Shutting down: what still waits for its subscriber's turn goes back to the queue, unsent.
    if (stopping)
      return {
        messageId: message.id,
        result: 'retry',
        error: 'the worker stopped before sending it',
        nextAttemptAt: core.now(),
      };
    const subscriptionId = message.payload.subscriptionId;
    const target = subscriptionId ? await openWebhookTarget(core, { subscriptionId }) : null;
    if (!target) return ctx.failed(message, { kind: 'permanent', reason: 'the webhook subscription was removed' });
    const event = message.payload.event ?? {};
    const sent = await sender.send({
      url: target.url,
      secret: target.secret,
      eventId: String(event.id),
      eventType: String(event.type),
      body: JSON.stringify(event),
    });
    if (!sent.ok) return ctx.failed(message, sent.failure);
    return { messageId: message.id, result: 'sent', providerId: sent.providerId };
  }

  function start(message: ClaimedMessage): void {
    const task = withSlot(message.payload.subscriptionId ?? message.id, () => deliver(message))
      .then(
        (outcome) => ctx.record([message], [outcome], 'webhook'),
        (error: unknown) => {
          ctx.log.error('webhook delivery failed before its outcome was recorded; retried after its lease', {
            messages: [message.id],
            error,
          });
          ctx.release([message]);
        },
      )
      .finally(() => tasks.delete(task));
    tasks.add(task);
  }

  return {
    /** Claims what fits in the lane and starts it; returns how many were claimed. */
    async runOnce(): Promise<number> {
      const room = IN_FLIGHT - tasks.size;
      if (room <= 0) return 0;
      const group = await claimSendGroup(core, {
        channel: 'webhook',
        bulk: false,
        limit: Math.min(room, 10),
        workerId: ctx.workerId,
      });
      ctx.hold(group);
      for (const message of group) start(message);
      return group.length;
    },
    /** Deliveries not yet started go back to the queue; those in flight finish. */
    stop(): void {
      stopping = true;
    },
    /** Resolves once every delivery in flight is recorded (after stop(), the lane can start again). */
    async settle(): Promise<void> {
      while (tasks.size > 0) await Promise.all([...tasks]);
      stopping = false;
    },
  };
}
