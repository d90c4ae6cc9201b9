/**
 * SMS: prepare (core), render (pure), send. Twilio has no idempotency key,
 * so before re-sending an SMS whose earlier attempt may have reached Twilio
 * the lane looks it up (same recipient, sender and body since the first
 * attempt) and records the one found instead of sending another. What
 * remains is at-least-once (README, "Delivery guarantees").
 */
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import { prepareSendGroup } from '../core/outbox/prepare-send-group.ts';
import type { SendOutcome } from '../core/outbox/record-send-outcome.ts';
import type { LaneContext } from './outbox-worker.ts';
import { renderMessage } from './render-message.ts';
import { permanent } from './send-failure.ts';

export function createSmsLane(ctx: LaneContext) {
  const { core, log, options } = ctx;
  const settings = { publicUrl: core.publicUrl, linkKeys: core.linkKeys, emailFrom: options.emailFrom };

  async function sendOne(
    message: ClaimedMessage,
    sms: { messageId: string; to: string; body: string; from?: string },
    preview: string,
  ): Promise<SendOutcome> {
    const sent = (providerId: string): SendOutcome => ({ messageId: message.id, result: 'sent', providerId, preview });
    // attempts counts this one: above 1, an earlier request may have reached Twilio.
    if (message.attempts > 1 && message.firstAttemptAt && options.sms.findSent) {
      const found = await options.sms.findSent({ ...sms, since: message.firstAttemptAt });
      if (!found.ok) return ctx.failed(message, found.failure);
      if (found.providerId) {
        log.info('SMS from an earlier attempt found at the provider; not sent again', {
          messages: [message.id],
          providerId: found.providerId,
        });
        return sent(found.providerId);
      }
    }
    const result = await options.sms.send(sms);
    return result.ok ? sent(result.providerId) : ctx.failed(message, result.failure);
  }

  async function sendGroup(group: ClaimedMessage[]): Promise<number> {
    const outcomes = await Promise.all(
      (await prepareSendGroup(core, { messages: group })).map(async (prepared): Promise<SendOutcome> => {
        if (!prepared.ok) return ctx.failed(prepared.message, permanent(prepared.reason, { code: prepared.code }));
        const rendered = renderMessage(prepared.input, settings);
        if (rendered.channel !== 'sms')
          return ctx.failed(prepared.message, permanent('not an SMS', { code: 'wrong_channel' }));
        return sendOne(
          prepared.message,
          { messageId: prepared.message.id, to: rendered.to, body: rendered.body, from: rendered.from },
          rendered.preview,
        );
      }),
    );
    await ctx.record(group, outcomes, 'sms');
    return group.length;
  }

  return { sendGroup };
}
