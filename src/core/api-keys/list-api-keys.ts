import type { Core } from '../core.ts';
import { toApiKey, type ApiKey } from './api-key-view.ts';

export interface ListApiKeysOptions {
  accountId: string;
  /** @default false */
  includeRevoked?: boolean;
}

/** An account's API keys, newest first. */
export async function listApiKeys(core: Core, options: ListApiKeysOptions): Promise<ApiKey[]> {
  const rows = await core.db.apiKey.findMany({
    where: { accountId: options.accountId, ...(options.includeRevoked ? {} : { revokedAt: null }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return rows.map(toApiKey);
}
