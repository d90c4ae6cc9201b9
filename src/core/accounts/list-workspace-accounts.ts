import type { Core } from '../core.ts';
import { toAccount, type Account } from './account-view.ts';

export interface ListWorkspaceAccountsOptions {
  /** The Slack workspace. */
  teamId: string;
  /** Its Enterprise Grid organisation, when it has one: bindings made from another are left out. */
  enterpriseId?: string;
}

/**
 * The open accounts that channels of one Slack workspace are bound to
 * (`/portal bind`), oldest first: what App Home lets an admin switch between
 * when one workspace serves several portals.
 */
export async function listWorkspaceAccounts(core: Core, options: ListWorkspaceAccountsOptions): Promise<Account[]> {
  const rows = await core.db.account.findMany({
    where: {
      archivedAt: null,
      channels: {
        some: {
          teamId: options.teamId,
          OR: [{ enterpriseId: null }, ...(options.enterpriseId ? [{ enterpriseId: options.enterpriseId }] : [])],
        },
      },
    },
    orderBy: [{ createdAt: 'asc' }, { slug: 'asc' }],
    take: 100,
  });
  return rows.map(toAccount);
}
