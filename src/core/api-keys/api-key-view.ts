/** An API key as people see it in lists: never the key, never its hash. */
export interface ApiKey {
  id: string;
  accountId: string;
  name: string;
  /** First characters of the key (`pd_ab12cd`), so people can tell keys apart. */
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Manages accounts (/api/v1/accounts) instead of one account's contacts. */
  operator: boolean;
}

export function toApiKey(row: ApiKey & { keyHash?: string }): ApiKey {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    operator: row.operator,
  };
}

/** `pd_` + 32 random bytes in base64url: 46 characters. The logger masks anything shaped like it. */
export const apiKeyPattern = /^pd_[A-Za-z0-9_-]{43}$/;
export const API_KEY_PREFIX_LENGTH = 10;
