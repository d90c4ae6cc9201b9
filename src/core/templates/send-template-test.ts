import type { Core } from '../core.ts';
import { type Actor } from '../audit/actor.ts';
import { invalidInput } from '../shared/errors.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { validateTemplate } from './validate-template.ts';
import type { TemplateChannel, TemplateKind } from './default-templates.ts';

export interface SendTemplateTestOptions {
  accountId: string;
  kind: TemplateKind;
  channel: TemplateChannel;
  /** The draft as typed, saved or not. */
  subject?: string | null;
  body: string;
  /** An email address for email, a phone number for SMS. */
  to: string;
  actor: Actor;
}

/**
 * Queues one message rendered from a draft for the sample contact, with
 * sample links that sign nobody in: what the template will look like, in a
 * real inbox. The draft travels in the message's payload, so a retry sends
 * the same text even if the template is saved differently meanwhile.
 * @throws AppError template_invalid, invalid_input (address)
 */
export async function sendTemplateTest(
  core: Core,
  options: SendTemplateTestOptions,
): Promise<{ messageId: string; to: string }> {
  const subject = options.channel === 'email' ? (options.subject ?? '').trim() : null;
  const body = options.body.replace(/\r\n/g, '\n').trim();
  validateTemplate({ channel: options.channel, subject, body });
  const parsed = parseAddress(options.to);
  const wanted = options.channel === 'email' ? 'email' : 'phone';
  if (!parsed.ok || parsed.address.kind !== wanted)
    throw invalidInput(
      `send the test to ${options.channel === 'email' ? 'an email address' : 'a phone number (+1…)'}: "${options.to}" is not one`,
    );
  const to = parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone;
  return core.db.$transaction(async (tx) => {
    const now = core.now();
    const { id } = await queueMessage(tx, {
      accountId: options.accountId,
      contactId: null,
      channel: options.channel,
      template: options.kind,
      toAddress: to,
      payload: { test: { subject, body } },
      createdBy: options.actor,
      now,
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'template.test_sent',
      subject: `message:${id}`,
      metadata: { kind: options.kind, channel: options.channel },
      at: now,
    });
    return { messageId: id, to };
  });
}
