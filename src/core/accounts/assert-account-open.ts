import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';

/** The refusal every surface shows for an archived account (409 on the API). */
export function accountArchived(slug: string): AppError {
  return new AppError(
    'account_archived',
    `the account "${slug}" is archived: it sends no new invites or links (an operator archived it)`,
  );
}

/**
 * Refuses work that would reach contacts of an archived account. Reading,
 * exporting and erasing stay possible: archiving keeps the data.
 * @throws AppError account_not_found, account_archived
 */
export async function assertAccountOpen(core: Core, options: { accountId: string }): Promise<void> {
  const row = await core.db.account.findUnique({
    where: { id: options.accountId },
    select: { slug: true, archivedAt: true },
  });
  if (!row) throw new AppError('account_not_found', `no account ${options.accountId}`);
  if (row.archivedAt) throw accountArchived(row.slug);
}
