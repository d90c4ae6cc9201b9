import type { Core } from '../core.ts';
import {
  defaultTemplates,
  templateChannels,
  templateKinds,
  type TemplateChannel,
  type TemplateKind,
} from './default-templates.ts';

export interface AccountTemplate {
  kind: TemplateKind;
  channel: TemplateChannel;
  subject?: string;
  body: string;
  /** True when the account saved its own version. */
  custom: boolean;
  updatedBy?: string;
  updatedAt?: Date;
}

/** Every template an account sends, its own version where it saved one, the built-in one otherwise. */
export async function listTemplates(core: Core, options: { accountId: string }): Promise<AccountTemplate[]> {
  const rows = await core.db.template.findMany({ where: { accountId: options.accountId } });
  return templateKinds.flatMap((kind) =>
    templateChannels.map((channel) => {
      const row = rows.find((r) => r.kind === kind && r.channel === channel);
      if (row) return savedTemplate(kind, channel, row);
      return { kind, channel, ...defaultTemplates[kind][channel], custom: false };
    }),
  );
}

/** An account's own version of a template, as stored. */
export function savedTemplate(
  kind: TemplateKind,
  channel: TemplateChannel,
  row: { subject: string | null; body: string; updatedBy: string; updatedAt: Date },
): AccountTemplate {
  return {
    kind,
    channel,
    subject: row.subject ?? undefined,
    body: row.body,
    custom: true,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}
