import type { Core } from '../core.ts';
import { toAccountAdmin, type AccountAdminView } from './admin-subject.ts';

/** More than any team has; keeps one account from making every permission check slow. */
export const MAX_ACCOUNT_ADMINS = 500;

/**
 * One account's admins (Slack users and user groups), oldest first. The
 * Slack permission check reads this on every admin action, so it is one
 * indexed query (the unique (accountId, subject) index).
 */
export async function listAccountAdmins(core: Core, options: { accountId: string }): Promise<AccountAdminView[]> {
  const rows = await core.db.accountAdmin.findMany({
    where: { accountId: options.accountId },
    orderBy: [{ createdAt: 'asc' }, { subject: 'asc' }],
    take: MAX_ACCOUNT_ADMINS,
  });
  return rows.map(toAccountAdmin);
}
