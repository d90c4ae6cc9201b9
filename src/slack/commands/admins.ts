import { addAccountAdmin } from '../../core/admins/add-account-admin.ts';
import { listAccountAdmins } from '../../core/admins/list-account-admins.ts';
import { removeAccountAdmin } from '../../core/admins/remove-account-admin.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { adminListMessage, adminsAddedMessage, adminsRemovedMessage } from '../blocks/admins.ts';
import { replyPrivately } from '../reply.ts';
import { parseMentions } from './escaped-text.ts';
import type { Subcommand } from './subcommand.ts';

/**
 * `/portal admins`: who administers the account this channel acts on. Its
 * admins and the operators may change the list (the command is admin-only,
 * and "admin" is per account: src/slack/authz.ts).
 */
export const admins: Subcommand = {
  name: 'admins',
  aliases: ['admin'],
  usage: '/portal admins [list] | add @person-or-group … | remove @person-or-group …',
  summary:
    "Who administers this channel's portal account: Slack people and user groups. Operators are admins of every account.",
  adminOnly: true,
  what: 'see or change who administers this portal account',
  async run(run) {
    const [verb = 'list', ...rest] = run.args;
    const accountId = run.account.id;
    switch (verb.toLowerCase()) {
      case 'list': {
        if (rest.length) throw invalidInput('admins list takes no arguments');
        const list = await listAccountAdmins(run.core, { accountId });
        const slack = run.deps.context.config.slack;
        await replyPrivately(
          run.deps,
          run.reply,
          adminListMessage({
            accountName: run.account.name,
            accountSlug: run.account.slug,
            admins: list,
            operators: [...slack.operators, ...slack.operatorGroups],
          }),
        );
        return;
      }
      case 'add': {
        const added: string[] = [];
        const already: string[] = [];
        for (const subject of parseMentions(rest)) {
          const result = await addAccountAdmin(run.core, { accountId, subject, actor: run.actor });
          (result.added ? added : already).push(result.admin.subject);
        }
        await replyPrivately(run.deps, run.reply, adminsAddedMessage(run.account.name, added, already));
        return;
      }
      case 'remove':
      case 'rm': {
        const subjects = parseMentions(rest);
        for (const subject of subjects) await removeAccountAdmin(run.core, { accountId, subject, actor: run.actor });
        await replyPrivately(run.deps, run.reply, adminsRemovedMessage(run.account.name, subjects));
        return;
      }
      default:
        throw invalidInput(`"${verb}" is not an admins action: add, remove or list`);
    }
  },
};
