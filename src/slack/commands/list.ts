import { listContacts } from '../../core/contacts/list-contacts.ts';
import { parseContactFilter } from '../../core/contacts/contact-filter.ts';
import { contactListMessage, LIST_PAGE } from '../blocks/contact-list.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import type { Subcommand } from './subcommand.ts';

/** One page of `/portal list`, for the command and for its Next button. */
export async function contactListPage(
  deps: SlackDeps,
  options: { accountId: string; filter: string; cursor?: string; from?: number },
) {
  const core = deps.context.core;
  const words = options.filter ? options.filter.split(/\s+/) : [];
  const page = await listContacts(core, {
    accountId: options.accountId,
    ...parseContactFilter(words, core.now()),
    cursor: options.cursor,
    limit: LIST_PAGE,
  });
  return contactListMessage({ ...page, filter: options.filter, from: options.from ?? 1, accountId: options.accountId });
}

export const list: Subcommand = {
  name: 'list',
  aliases: ['contacts'],
  usage: '/portal list [invited|active|deactivated|never-active [days]] [grant kind:name]',
  summary: 'Contacts, 20 at a time with Next, and an Export of every match as CSV to your DM.',
  adminOnly: true,
  what: 'list contacts',
  async run(run) {
    const message = await contactListPage(run.deps, { accountId: run.account.id, filter: run.args.join(' ') });
    await replyPrivately(run.deps, run.reply, message);
  },
};
