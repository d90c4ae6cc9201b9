import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { listContacts } from '../../core/contacts/list-contacts.ts';
import { parseContactFilter } from '../../core/contacts/contact-filter.ts';
import { exportContacts } from '../../core/contacts/export-contacts.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { report, UsageError, type CliCommand, type CliContext } from '../cli-command.ts';

const filterUsage = '[invited|active|deactivated|never-active [days]] [grant kind:name]';

function filterOf(context: CliContext, positionals: string[]) {
  try {
    return parseContactFilter(positionals, context.core.now());
  } catch (error) {
    if (isAppError(error, 'invalid_input')) throw new UsageError(error.message);
    throw error;
  }
}

export const list: CliCommand = {
  name: 'list',
  usage: `list ${filterUsage} [--limit 50] [--cursor <next>]`,
  summary: 'Contacts, filtered, a page at a time',
  options: { limit: { type: 'string' }, cursor: { type: 'string' } },
  async run(context, { positionals, values }) {
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit is 1 to 200');
    const page = await listContacts(context.core, {
      accountId: context.account.id,
      ...filterOf(context, positionals),
      limit,
      cursor: values.cursor as string | undefined,
    });
    const lines = page.contacts.map((c) => `  ${displayName(c)}  ${c.email ?? c.phone ?? ''}  ${c.status}  ${c.id}`);
    report(
      context,
      page,
      [
        ...(lines.length ? lines : ['  no contacts match']),
        ...(page.nextCursor ? [`next page: --cursor ${page.nextCursor}`] : []),
      ].join('\n'),
    );
  },
};

export const exportCsv: CliCommand = {
  name: 'export',
  usage: `export ${filterUsage} [--output contacts.csv]`,
  summary: 'The contacts the filters select, as CSV (to a file, or standard output)',
  options: { output: { type: 'string', short: 'o' } },
  async run(context, { positionals, values }) {
    const filter = filterOf(context, positionals);
    const pieces = exportContacts(context.core, { accountId: context.account.id, ...filter });
    if (!values.output) {
      for await (const piece of pieces) await context.write(piece);
      return;
    }
    const file = createWriteStream(String(values.output));
    let rows = -1;
    for await (const piece of pieces) {
      rows += piece.split('\r\n').length - 1;
      if (!file.write(piece)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
    report(context, { file: values.output, rows }, `Wrote ${rows} contact(s) to ${values.output}.`);
  },
};
