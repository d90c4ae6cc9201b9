import { createApiKey } from '../../core/api-keys/create-api-key.ts';
import { listApiKeys } from '../../core/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../core/api-keys/revoke-api-key.ts';
import { invalidInput, isAppError } from '../../core/shared/errors.ts';
import { apiKeyListMessage, createdApiKeyMessage } from '../blocks/api-keys.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandRun, Subcommand } from './subcommand.ts';

async function create(run: CommandRun, name: string): Promise<void> {
  const { apiKey, key } = await createApiKey(run.core, { accountId: run.account.id, name, actor: run.actor });
  // Ephemeral or nothing: a key that cannot be shown privately is revoked rather than left in a lasting DM.
  const shown = await replyPrivately(run.deps, run.reply, createdApiKeyMessage(apiKey, key), { ephemeralOnly: true });
  if (shown) return;
  await revokeApiKey(run.core, { accountId: run.account.id, keyId: apiKey.id, actor: 'system' });
  run.deps.logger.warn('slack: a new API key could not be shown privately, so it was revoked', { apiKeyId: apiKey.id });
  await replyPrivately(
    run.deps,
    run.reply,
    simpleMessage(
      `The new API key "${escapeText(apiKey.name)}" could not be shown to you privately, so it was revoked at once. Run \`/portal apikey create\` again.`,
    ),
  );
}

async function revoke(run: CommandRun, ref: string): Promise<void> {
  try {
    const key = await revokeApiKey(run.core, { accountId: run.account.id, keyId: ref, actor: run.actor });
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(
        `:no_entry: API key *${escapeText(key.name)}* (\`${key.prefix}…\`) is revoked: requests with it are refused from now on.`,
      ),
    );
  } catch (error) {
    // An ambiguous prefix is a question of input, not of a concurrent change.
    if (isAppError(error, 'conflict') || isAppError(error, 'not_found')) throw invalidInput(error.message);
    throw error;
  }
}

export const apikey: Subcommand = {
  name: 'apikey',
  aliases: ['apikeys', 'api-key', 'api-keys'],
  usage: '/portal apikey create <name> | list | revoke <id or prefix>',
  summary:
    'API keys for /api/v1: a new key is shown once, only to you; the list shows name, prefix, created, last used and revoked.',
  adminOnly: true,
  what: 'manage API keys',
  async run(run) {
    const [verb = 'list', ...rest] = run.args;
    const arg = rest.join(' ').trim();
    switch (verb.toLowerCase()) {
      case 'create':
      case 'new':
        if (!arg) throw invalidInput('an API key needs a name, e.g. /portal apikey create Checkout');
        return create(run, arg);
      case 'list':
      case 'ls':
        if (arg) throw invalidInput('list takes no arguments');
        await replyPrivately(
          run.deps,
          run.reply,
          apiKeyListMessage(await listApiKeys(run.core, { accountId: run.account.id, includeRevoked: true })),
        );
        return;
      case 'revoke':
      case 'delete':
        if (!arg || rest.length > 1) throw invalidInput('name one key to revoke, by its id or its prefix (pd_…)');
        return revoke(run, arg);
      default:
        throw invalidInput(`"${verb}" is not an apikey action: use create, list or revoke`);
    }
  },
};
