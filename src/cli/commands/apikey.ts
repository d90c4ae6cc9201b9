import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const apikey: CliCommand = {
  name: 'apikey',
  usage: 'apikey create <name> [--operator] | apikey list | apikey revoke <id or pd_ prefix>',
  summary: 'Create, list and revoke REST API keys (--operator: a key that manages accounts, and nothing else)',
  options: { operator: { type: 'boolean' } },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { createApiKey } = await import('../../core/api-keys/create-api-key.ts');
    const { listApiKeys } = await import('../../core/api-keys/list-api-keys.ts');
    const { revokeApiKey } = await import('../../core/api-keys/revoke-api-key.ts');
    const [action, ...rest] = positionals;
    const accountId = context.account.id;
    if (action === 'create') {
      if (rest.length === 0) throw new UsageError('give the key a name: apikey create Checkout');
      const { apiKey, key } = await createApiKey(context.core, {
        accountId,
        name: rest.join(' '),
        actor: context.actor,
        // Only here, not in Slack or the API: an operator key reaches every account, so only whoever runs
        // the service (and so the CLI) hands one out.
        operator: values.operator === true,
      });
      report(
        context,
        { ...apiKey, key },
        `${apiKey.operator ? 'Operator key' : 'API key'} "${apiKey.name}" (id ${apiKey.id}):\n\n  ${key}\n\nCopy it now: it is stored hashed and cannot be shown again.`,
      );
      return;
    }
    if (action === 'list') {
      const keys = await listApiKeys(context.core, { accountId });
      const lines = keys.map(
        (k) =>
          `  ${k.prefix}…  ${k.name}${k.operator ? ' (operator)' : ''}  id ${k.id}  created ${k.createdAt.toISOString().slice(0, 10)}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}`,
      );
      report(
        context,
        keys,
        keys.length
          ? `${keys.length} active key(s):\n${lines.join('\n')}`
          : 'No API keys. Create one: apikey create <name>',
      );
      return;
    }
    if (action === 'revoke') {
      if (rest.length !== 1) throw new UsageError('name the key to revoke: its id or its pd_ prefix');
      const key = await revokeApiKey(context.core, { accountId, keyId: rest[0]!, actor: context.actor });
      report(context, key, `Revoked "${key.name}" (${key.prefix}…): requests with it are refused from now on.`);
      return;
    }
    throw new UsageError('apikey create <name> | apikey list | apikey revoke <id>');
  },
};
