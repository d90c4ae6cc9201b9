import { readFileSync } from 'node:fs';
import { findTemplate } from '../../core/templates/find-template.ts';
import { saveTemplate } from '../../core/templates/save-template.ts';
import { deleteTemplate } from '../../core/templates/delete-template.ts';
import {
  isTemplateChannel,
  isTemplateKind,
  type TemplateChannel,
  type TemplateKind,
} from '../../core/templates/default-templates.ts';
import type { AccountTemplate } from '../../core/templates/list-templates.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

function which(positionals: string[]): { kind: TemplateKind; channel: TemplateChannel } {
  const [kind = '', channel = ''] = positionals;
  if (!isTemplateKind(kind))
    throw new UsageError(`kind is invite, login, access_granted, password_reset or code (not "${kind}")`);
  if (!isTemplateChannel(channel)) throw new UsageError(`channel is email or sms (not "${channel}")`);
  return { kind, channel };
}

function shown(t: AccountTemplate): string {
  return [
    `${t.kind} by ${t.channel} (${t.custom ? `own version, saved by ${t.updatedBy}` : 'built-in'})`,
    ...(t.subject ? [`subject: ${t.subject}`] : []),
    '',
    t.body,
  ].join('\n');
}

export const templates: CliCommand = {
  name: 'templates',
  usage: 'templates get|set|reset <kind> <email|sms> [--subject "…"] [--text "…" | --file body.txt]',
  summary: 'Show, replace or reset a message template (merge fields like {{contact.first_name}}, {{portal.login_url}})',
  options: { subject: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' } },
  async run(context, { positionals, values }) {
    const [verb, ...rest] = positionals;
    if (rest.length !== 2) throw new UsageError('templates get|set|reset <kind> <email|sms>');
    const target = { accountId: context.account.id, ...which(rest) };
    switch (verb) {
      case 'get': {
        const t = await findTemplate(context.core, target);
        return report(context, { template: t }, shown(t));
      }
      case 'set': {
        if (values.text !== undefined && values.file !== undefined)
          throw new UsageError('give --text or --file, not both');
        const body = values.file !== undefined ? readFileSync(String(values.file), 'utf8') : values.text;
        if (body === undefined) throw new UsageError('give the text with --text "…" or --file <path>');
        const saved = await saveTemplate(context.core, {
          ...target,
          subject: values.subject as string | undefined,
          body: String(body),
          actor: context.actor,
        });
        return report(context, { template: saved }, `Saved. Messages from now on use it:\n\n${shown(saved)}`);
      }
      case 'reset': {
        const reset = await deleteTemplate(context.core, { ...target, actor: context.actor });
        return report(
          context,
          { reset },
          reset
            ? `${target.kind} by ${target.channel} is back to the built-in template.`
            : `${target.kind} by ${target.channel} already uses the built-in template.`,
        );
      }
      default:
        throw new UsageError(`"${verb ?? ''}": use get, set or reset`);
    }
  },
};
