import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '../../src/core/core.ts';
import { registerOutgoingEvents } from '../../src/core/events/register-outgoing-events.ts';
import { registerProviderSessionEnding } from '../../src/core/oidc/end-provider-sessions-for-contact.ts';
import { ensureDefaultAccount } from '../../src/core/accounts/ensure-default-account.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { createTestDatabase, type MigratedDatabase } from './test-database.ts';

export interface TestCore {
  core: Core;
  account: Account;
  database: MigratedDatabase;
  /** Moves the core's clock; starts at the real time. */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

export async function createTestCore(provider: DbProvider, options: { poolSize?: number } = {}): Promise<TestCore> {
  const database = await createTestDatabase(provider, options);
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const core = createCore({
    db: database.db,
    publicUrl: 'http://portal.test',
    linkKey: randomBytes(32),
    now: () => clock.now,
  });
  // Like src/open-core.ts: audited changes reach webhook subscribers; ending a contact's access ends their app sessions.
  registerOutgoingEvents(core);
  registerProviderSessionEnding(core);
  const account = await ensureDefaultAccount(core);
  return { core, account, database, clock, close: () => database.close() };
}
