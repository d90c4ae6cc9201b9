import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isTemplateChannel, isTemplateKind, type TemplateChannel, type TemplateKind } from './default-templates.ts';
import { validateTemplate } from './validate-template.ts';
import { savedTemplate, type AccountTemplate } from './list-templates.ts';
import type { Actor } from '../audit/actor.ts';

export interface SaveTemplateOptions {
  accountId: string;
  kind: TemplateKind | string;
  channel: TemplateChannel | string;
  /** Email only. */
  subject?: string | null;
  body: string;
  actor: Actor;
}

/**
 * Stores an account's own version of a template, replacing the built-in one
 * for that kind and channel. Refused, with the list of known fields, when it
 * uses a merge field that does not exist.
 * @throws AppError invalid_input (unknown kind or channel), template_invalid
 */
export async function saveTemplate(core: Core, options: SaveTemplateOptions): Promise<AccountTemplate> {
  const { kind, channel } = options;
  if (!isTemplateKind(kind))
    throw invalidInput(`unknown template "${kind}": use invite, login, access_granted, password_reset or code`);
  if (!isTemplateChannel(channel)) throw invalidInput(`unknown channel "${channel}": use email or sms`);
  const subject = channel === 'email' ? (options.subject ?? '').trim() : null;
  const body = options.body.replace(/\r\n/g, '\n').trim();
  validateTemplate({ channel, subject, body });
  const now = core.now();
  return core.db.$transaction(async (tx) => {
    const row = await tx.template.upsert({
      where: { accountId_kind_channel: { accountId: options.accountId, kind, channel } },
      create: {
        id: newId(),
        accountId: options.accountId,
        kind,
        channel,
        subject,
        body,
        updatedBy: options.actor,
        updatedAt: now,
      },
      update: { subject, body, updatedBy: options.actor, updatedAt: now },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'template.saved',
      subject: `template:${kind}:${channel}`,
      at: now,
    });
    return savedTemplate(kind, channel, row);
  });
}
