import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertActor, type Actor } from '../audit/actor.ts';
import { findAccount } from './find-account.ts';
import { DEFAULT_ACCOUNT_SLUG } from './ensure-default-account.ts';
import { toAccount, type Account } from './account-view.ts';

export interface ArchiveAccountOptions {
  slug: string;
  actor: Actor;
}

/**
 * Archives an account: its data stays (export, audit, erase still work) but
 * it sends no new invites or links. Archiving twice changes nothing and
 * keeps the first date. The default account cannot be archived: the service,
 * the CLI and unbound Slack channels fall back to it.
 * @throws AppError account_not_found, forbidden (the default account)
 */
export async function archiveAccount(core: Core, options: ArchiveAccountOptions): Promise<Account> {
  assertActor(options.actor);
  const account = await findAccount(core, { slug: options.slug.trim().toLowerCase() });
  if (account.slug === DEFAULT_ACCOUNT_SLUG)
    throw new AppError('forbidden', 'the default account cannot be archived: everything falls back to it');
  if (account.archivedAt) return account;
  const now = core.now();
  return core.db.$transaction(async (tx) => {
    // Only the first archive wins a race: the second sees archivedAt set and writes nothing.
    const changed = await tx.account.updateMany({
      where: { id: account.id, archivedAt: null },
      data: { archivedAt: now },
    });
    if (changed.count === 1)
      await recordAuditEvent(core, tx, {
        accountId: account.id,
        actor: options.actor,
        action: 'account.archived',
        subject: `account:${account.id}`,
        metadata: { slug: account.slug },
        at: now,
      });
    return toAccount(await tx.account.findUniqueOrThrow({ where: { id: account.id } }));
  });
}
