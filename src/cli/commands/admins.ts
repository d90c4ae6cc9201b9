import type { AccountAdminView } from '../../core/admins/admin-subject.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

const usage = 'admins add <U…|S…> [more…] | admins remove <U…|S…> [more…] | admins list   [--account <slug>]';

function line(admin: AccountAdminView): string {
  return `  ${admin.subject}  ${admin.kind === 'group' ? 'user group' : 'user'}  added by ${admin.createdBy} on ${admin.createdAt.toISOString().slice(0, 10)}`;
}

/**
 * Account admins (issue #16): Slack users (U…, W…) and user groups (S…) who
 * administer one account (`--account`, default the first). Whoever runs the
 * CLI runs the service, so they may change any account's admins.
 */
export const admins: CliCommand = {
  name: 'admins',
  usage,
  summary: 'Slack people and user groups who administer an account (operators administer every account)',
  async run(context, { positionals }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { addAccountAdmin } = await import('../../core/admins/add-account-admin.ts');
    const { removeAccountAdmin } = await import('../../core/admins/remove-account-admin.ts');
    const { listAccountAdmins } = await import('../../core/admins/list-account-admins.ts');
    const [action, ...subjects] = positionals;
    const account = context.account;
    if (action === 'list') {
      if (subjects.length) throw new UsageError('admins list takes no arguments (the account: --account <slug>)');
      const found = await listAccountAdmins(context.core, { accountId: account.id });
      report(
        context,
        found,
        found.length
          ? `${found.length} admin(s) of ${account.slug}:\n${found.map(line).join('\n')}`
          : `${account.slug} has no admins of its own; operators (PORTAL_OPERATORS) administer it.`,
      );
      return;
    }
    if (action === 'add') {
      if (subjects.length === 0) throw new UsageError('admins add U0123ABCD --account acme');
      const results = [];
      for (const subject of subjects)
        results.push(await addAccountAdmin(context.core, { accountId: account.id, subject, actor: context.actor }));
      report(
        context,
        results,
        results
          .map((r) =>
            r.added
              ? `${r.admin.subject} is now an admin of ${account.slug}.`
              : `${r.admin.subject} was already an admin of ${account.slug}.`,
          )
          .join('\n'),
      );
      return;
    }
    if (action === 'remove') {
      if (subjects.length === 0) throw new UsageError('admins remove U0123ABCD --account acme');
      for (const subject of subjects)
        await removeAccountAdmin(context.core, { accountId: account.id, subject, actor: context.actor });
      report(
        context,
        { removed: subjects },
        `${subjects.join(', ')} no longer ${subjects.length === 1 ? 'administers' : 'administer'} ${account.slug}.`,
      );
      return;
    }
    throw new UsageError(usage);
  },
};
