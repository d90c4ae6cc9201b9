import { pageAuditEvents } from '../../core/audit/page-audit-events.ts';
import { describeAuditEvents } from '../../core/audit/describe-audit-events.ts';
import { auditSentence } from '../../core/audit/audit-sentence.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

function dateOption(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--${name} is a date or time, e.g. 2026-11-30 or 2026-11-30T09:00:00Z`);
  return date;
}

export const audit: CliCommand = {
  name: 'audit',
  usage:
    'audit [--contact <email|phone|id>] [--type contact.invited|link.*] [--actor slack:U…] [--since <date>] [--until <date>] [--limit 50] [--cursor <next>]',
  summary: 'What happened, newest first, as sentences',
  options: {
    contact: { type: 'string' },
    type: { type: 'string' },
    actor: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
  async run(context, { positionals, values }) {
    if (positionals.length > 0) throw new UsageError('audit takes options only');
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit is 1 to 200');
    const accountId = context.account.id;
    const contact = values.contact
      ? await findContact(context.core, { accountId, lookup: String(values.contact) })
      : undefined;
    const page = await pageAuditEvents(context.core, {
      accountId,
      contactId: contact?.id,
      type: values.type as string | undefined,
      actor: values.actor as string | undefined,
      since: dateOption(values.since, 'since'),
      until: dateOption(values.until, 'until'),
      cursor: values.cursor as string | undefined,
      limit,
    });
    const events = await describeAuditEvents(context.core, { accountId, events: page.events });
    const lines = events.map(
      (e) => `  ${e.createdAt.toISOString().slice(0, 19).replace('T', ' ')}  ${auditSentence(e)}`,
    );
    report(
      context,
      {
        data: events.map((e) => ({
          id: e.id,
          type: e.action,
          actor: e.actor,
          subject: e.subject,
          sentence: auditSentence(e),
          metadata: e.metadata,
          createdAt: e.createdAt,
        })),
        nextCursor: page.nextCursor,
      },
      [
        ...(lines.length ? lines : ['  nothing recorded']),
        ...(page.nextCursor ? [`older: --cursor ${page.nextCursor}`] : []),
      ].join('\n'),
    );
  },
};
