/**
 * Opens the database and builds the core the way every entry point needs it:
 * the HTTP + Slack service (src/app.ts) and the CLI (src/cli/main.ts). One
 * place, so a grant made from the CLI runs the same automations as one made
 * from Slack.
 */
import type { Config } from './config.ts';
import { createDb, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createCore, type Core } from './core/core.ts';
import { ensureDefaultAccount } from './core/accounts/ensure-default-account.ts';
import type { Account } from './core/accounts/account-view.ts';
import { registerAutomation } from './core/automation/register-automation.ts';
import { registerOutgoingEvents } from './core/events/register-outgoing-events.ts';
import { registerProviderSessionEnding } from './core/oidc/end-provider-sessions-for-contact.ts';
import { resealWebhookSecrets } from './core/events/reseal-webhook-secrets.ts';
import { resealSlackTokens } from './core/slack-installations/reseal-slack-tokens.ts';
import { loadSecrets, type ServiceSecrets } from './secrets.ts';

export interface OpenedCore {
  db: Db;
  core: Core;
  secrets: ServiceSecrets;
  defaultAccount: Account;
  /** Webhook secrets re-sealed under the current key at start (after a rotation), and those no configured key opens. */
  resealed: { resealed: number; unreadable: number };
  /** The same for Slack installations' tokens (many workspaces). */
  slackTokensResealed: { resealed: number; unreadable: number };
  close(): Promise<void>;
}

/** `longRunning`: the service or the delivery worker (SQLite checkpoints in the background), not a CLI command. */
export async function openCore(config: Config, options: { longRunning?: boolean } = {}): Promise<OpenedCore> {
  const secrets = loadSecrets({
    sessionSecret: config.sessionSecret,
    previousSecrets: config.previousSessionSecrets,
    dataDir: config.dataDir,
  });
  await migrate(config.databaseUrl);
  const db = await createDb(config.databaseUrl, {
    poolSize: config.databasePool.size,
    transactionWaitMs: config.databasePool.transactionWaitMs,
    transactionTimeoutMs: config.databasePool.transactionTimeoutMs,
    checkpointInBackground: options.longRunning,
  });
  const core = createCore({
    db,
    publicUrl: config.publicUrl,
    portalBaseDomain: config.portalBaseDomain,
    linkKeys: secrets.linkKeys,
    leaseMs: config.outbox.leaseSeconds * 1000,
  });
  registerAutomation(core);
  registerOutgoingEvents(core);
  // Deactivating, erasing or signing a contact out everywhere also ends their app (OIDC) sessions.
  registerProviderSessionEnding(core);
  // After a key rotation: webhook secrets move to the new key, so the old one can be retired.
  const resealed = await resealWebhookSecrets(core);
  const slackTokensResealed = await resealSlackTokens(core);
  const defaultAccount = await ensureDefaultAccount(core, { name: config.portalName });
  return { db, core, secrets, defaultAccount, resealed, slackTokensResealed, close: () => db.$disconnect() };
}
