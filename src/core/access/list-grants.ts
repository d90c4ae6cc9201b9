import type { Core } from '../core.ts';
import { toGrant, type Grant } from './grant-view.ts';

export interface ListGrantsOptions {
  accountId: string;
  contactId: string;
  /** @default false */
  includeRevoked?: boolean;
}

export async function listGrants(core: Core, options: ListGrantsOptions): Promise<Grant[]> {
  const rows = await core.db.accessGrant.findMany({
    where: {
      accountId: options.accountId,
      contactId: options.contactId,
      ...(options.includeRevoked ? {} : { revokedAt: null }),
    },
    orderBy: [{ kind: 'asc' }, { resourceName: 'asc' }],
  });
  return rows.map(toGrant);
}
