import type { Core } from '../core.ts';
import { defaultTemplates, type TemplateChannel, type TemplateKind } from './default-templates.ts';
import type { AccountTemplate } from './list-templates.ts';

/** The template the outbox renders for one kind and channel. */
export async function findTemplate(
  core: Core,
  options: { accountId: string; kind: TemplateKind; channel: TemplateChannel },
): Promise<AccountTemplate> {
  const row = await core.db.template.findUnique({
    where: { accountId_kind_channel: { accountId: options.accountId, kind: options.kind, channel: options.channel } },
  });
  if (row)
    return {
      kind: options.kind,
      channel: options.channel,
      subject: row.subject ?? undefined,
      body: row.body,
      custom: true,
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
    };
  return {
    kind: options.kind,
    channel: options.channel,
    ...defaultTemplates[options.kind][options.channel],
    custom: false,
  };
}
