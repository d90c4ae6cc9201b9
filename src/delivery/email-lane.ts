/**
 * Email: prepare (core), render (pure), send, decide. A bulk send group goes
 * out as one batch under a key derived from the group id, and is only ever
 * repeated as the identical request: same members, same key, same bytes.
 * It is split only when the provider said it accepted nothing (4xx
 * validation refusal). A 409 invalid_idempotent_request means we changed a
 * body under a used key: a bug, logged at error level and never answered by
 * sending under another key. Past the provider's idempotency window an
 * unconfirmed send goes to the dead letters as "unknown".
 */
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import { prepareSendGroup } from '../core/outbox/prepare-send-group.ts';
import type { SendOutcome } from '../core/outbox/record-send-outcome.ts';
import { splitSendGroup } from '../core/outbox/split-send-group.ts';
import type { OutgoingEmail } from './email-sender.ts';
import type { LaneContext } from './outbox-worker.ts';
import { renderMessage, type Rendered } from './render-message.ts';
import { retryDelayMs } from './retry-policy.ts';
import { permanent, type SendFailure } from './send-failure.ts';

type Ready = { message: ClaimedMessage; rendered: Extract<Rendered, { channel: 'email' }> };

/** A request in flight when the window closes must not be repeated either. */
const WINDOW_MARGIN_MS = 10 * 60_000;

export function batchIdempotencyKey(sendGroup: string): string {
  return `portal-desk-group-${sendGroup}`;
}

export function isChangedBodyRefusal(failure: SendFailure): boolean {
  return failure.status === 409 && failure.code === 'invalid_idempotent_request';
}

export function createEmailLane(ctx: LaneContext) {
  const { core, log, options } = ctx;
  const settings = { publicUrl: core.publicUrl, linkKeys: core.linkKeys, emailFrom: options.emailFrom };

  const toEmail = ({ message, rendered }: Ready): OutgoingEmail => ({
    messageId: message.id,
    from: rendered.from,
    to: rendered.to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    ...(rendered.replyTo ? { replyTo: rendered.replyTo } : {}),
    idempotencyKey: message.idempotencyKey,
  });
  const sent = (entry: Ready, providerId: string): SendOutcome => ({
    messageId: entry.message.id,
    result: 'sent',
    providerId,
    subject: entry.rendered.redactedSubject,
    preview: entry.rendered.preview,
  });
  const unknown = (entry: Ready, why: string): SendOutcome => ({
    messageId: entry.message.id,
    result: 'dead',
    error: `unknown: ${why}; not sent again automatically (re-queue it by hand if the recipient never got it)`,
  });

  function windowClosed(message: ClaimedMessage): boolean {
    const window = options.email.idempotencyWindowMs;
    if (window === undefined || message.attempts <= 1 || !message.firstAttemptAt) return false;
    return core.now().getTime() - message.firstAttemptAt.getTime() > window - WINDOW_MARGIN_MS;
  }

  async function sendGroup(group: ClaimedMessage[], asBatch: boolean): Promise<number> {
    const outcomes: SendOutcome[] = [];
    const ready: Ready[] = [];
    for (const prepared of await prepareSendGroup(core, { messages: group })) {
      if (!prepared.ok) {
        outcomes.push(ctx.failed(prepared.message, permanent(prepared.reason, { code: prepared.code })));
        continue;
      }
      const rendered = renderMessage(prepared.input, settings);
      if (rendered.channel === 'email') ready.push({ message: prepared.message, rendered });
      else outcomes.push(ctx.failed(prepared.message, permanent('not an email', { code: 'wrong_channel' })));
    }
    const expired = ready.filter((entry) => windowClosed(entry.message));
    if (expired.length > 0) {
      log.error(
        'an earlier attempt may have reached the provider and its idempotency window has closed: not sending again',
        { messages: expired.map((e) => e.message.id) },
      );
      outcomes.push(
        ...expired.map((entry) => unknown(entry, "no confirmation within the provider's idempotency window")),
      );
    }
    const live = ready.filter((entry) => !expired.includes(entry));
    const sendGroupId = group[0]!.sendGroup;
    if (asBatch && live.length > 1 && sendGroupId) outcomes.push(...(await sendBatch(live, sendGroupId)));
    else for (const entry of live) outcomes.push(await sendOne(entry));
    await ctx.record(group, outcomes, 'email');
    return group.length;
  }

  async function sendBatch(ready: Ready[], sendGroupId: string): Promise<SendOutcome[]> {
    // Members in id order, the key from the group id: the same group is always the same request.
    const result = await options.email.sendBatch(ready.map(toEmail), batchIdempotencyKey(sendGroupId));
    if (result.ok) return ready.map((entry, i) => sent(entry, result.providerIds[i]!));
    const ids = ready.map((entry) => entry.message.id);
    if (isChangedBodyRefusal(result.failure)) {
      log.error(
        'BUG: the provider refused a changed body under a used idempotency key; not sending under another key',
        { sendGroup: sendGroupId, messages: ids, reason: result.failure.reason },
      );
      return ready.map((entry) => unknown(entry, 'the provider refused a changed request under this idempotency key'));
    }
    if (result.failure.kind === 'permanent') {
      // A validation refusal: the provider accepted none of it. Each goes alone, so the others still go.
      log.warn('batch refused; its emails will go one by one', {
        sendGroup: sendGroupId,
        messages: ids,
        reason: result.failure.reason,
      });
      await splitSendGroup(core, { claimedBy: ready[0]!.message.claimedBy, sendGroup: sendGroupId, messageIds: ids });
      const outcomes: SendOutcome[] = [];
      for (const entry of ready) outcomes.push(await sendOne(entry));
      return outcomes;
    }
    // One delay for the whole group: its members come back together, as the same request.
    const delay = retryDelayMs(
      ready[0]!.message.attempts,
      result.failure.retryAfterMs,
      Math.random,
      options.retryBaseMs,
    );
    return ready.map((entry) => ctx.failed(entry.message, result.failure, delay));
  }

  async function sendOne(entry: Ready): Promise<SendOutcome> {
    const result = await options.email.send(toEmail(entry));
    if (result.ok) return sent(entry, result.providerId);
    if (isChangedBodyRefusal(result.failure)) {
      log.error(
        'BUG: the provider refused a changed body under a used idempotency key; not sending under another key',
        { messages: [entry.message.id], reason: result.failure.reason },
      );
      return unknown(entry, 'the provider refused a changed request under this idempotency key');
    }
    return ctx.failed(entry.message, result.failure);
  }

  return { sendGroup };
}
