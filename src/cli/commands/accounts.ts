import type { Account } from '../../core/accounts/account-view.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

const usage =
  'accounts create "<name>" --slug <slug> [--portal-url <url>] | accounts list [--archived] | accounts rename <slug> "<new name>" | accounts archive <slug> | accounts domain <slug> <host>|--clear | accounts install-link <slug> [--hours 24]';

function line(account: Account): string {
  return `  ${account.slug}  ${account.name}  ${account.portalUrl}${account.domain ? `  domain ${account.domain}` : ''}${account.archivedAt ? `  archived ${account.archivedAt.toISOString().slice(0, 10)}` : ''}`;
}

/** Operators' account management (issue #16): whoever runs the CLI runs the service, so it is an operator. */
export const accounts: CliCommand = {
  name: 'accounts',
  usage,
  summary: 'Create, list, rename and archive accounts, and set their domains (one portal per client; for operators)',
  options: {
    slug: { type: 'string' },
    'portal-url': { type: 'string' },
    archived: { type: 'boolean' },
    hours: { type: 'string' },
    clear: { type: 'boolean' },
  },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { createAccount } = await import('../../core/accounts/create-account.ts');
    const { listAccounts } = await import('../../core/accounts/list-accounts.ts');
    const { renameAccount } = await import('../../core/accounts/rename-account.ts');
    const { archiveAccount } = await import('../../core/accounts/archive-account.ts');
    const { setAccountDomain } = await import('../../core/accounts/set-account-domain.ts');
    const [action, ...rest] = positionals;
    if (action === 'create') {
      if (rest.length !== 1 || typeof values.slug !== 'string')
        throw new UsageError('accounts create "Acme Academy" --slug acme');
      const account = await createAccount(context.core, {
        name: rest[0]!,
        slug: values.slug,
        portalUrl: typeof values['portal-url'] === 'string' ? values['portal-url'] : undefined,
        actor: context.actor,
      });
      report(context, account, `Created account "${account.name}" (${account.slug}), portal ${account.portalUrl}.`);
      return;
    }
    if (action === 'list') {
      if (rest.length) throw new UsageError('accounts list takes no arguments');
      const found = await listAccounts(context.core, { includeArchived: values.archived === true });
      report(context, found, `${found.length} account(s):\n${found.map(line).join('\n')}`);
      return;
    }
    if (action === 'rename') {
      if (rest.length !== 2) throw new UsageError('accounts rename acme "Acme Academy Pro"');
      const account = await renameAccount(context.core, { slug: rest[0]!, name: rest[1]!, actor: context.actor });
      report(context, account, `Account ${account.slug} is now called "${account.name}".`);
      return;
    }
    if (action === 'archive') {
      if (rest.length !== 1) throw new UsageError('accounts archive acme');
      const account = await archiveAccount(context.core, { slug: rest[0]!, actor: context.actor });
      report(
        context,
        account,
        `Archived account ${account.slug}: its data stays, and it sends no new invites or links.`,
      );
      return;
    }
    if (action === 'install-link') {
      if (rest.length !== 1) throw new UsageError('accounts install-link acme [--hours 24]');
      const { createInstallLink } = await import('../../core/slack-installations/create-install-link.ts');
      const hours = typeof values.hours === 'string' ? Number(values.hours) : undefined;
      const link = await createInstallLink(context.core, { slug: rest[0]!, hours, actor: context.actor });
      report(
        context,
        { url: link.url, expiresAt: link.expiresAt, account: link.account.slug },
        `Send this to the Slack admin of ${link.account.name}'s workspace; installing through it binds the workspace to ${link.account.slug} (until ${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC):\n${link.url}`,
      );
      return;
    }
    if (action === 'domain') {
      const clear = values.clear === true;
      if (rest.length !== (clear ? 1 : 2))
        throw new UsageError('accounts domain acme portal.acme.com (or: accounts domain acme --clear)');
      const account = await setAccountDomain(context.core, {
        slug: rest[0]!,
        domain: clear ? null : rest[1]!,
        actor: context.actor,
      });
      report(
        context,
        account,
        account.domain
          ? `Account ${account.slug} is served at ${account.domain} (point its DNS here; portal ${account.portalUrl}).`
          : `Account ${account.slug} has no custom domain; portal ${account.portalUrl}.`,
      );
      return;
    }
    throw new UsageError(usage);
  },
};
