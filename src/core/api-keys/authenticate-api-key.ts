import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { sha256 } from '../shared/secret-hash.ts';
import { apiKeyPattern } from './api-key-view.ts';
import { apiActor } from '../audit/actor.ts';

export interface ApiCaller {
  apiKeyId: string;
  accountId: string;
  /** `api:<key id>`: who the audit trail says acted. */
  actor: `api:${string}`;
  /** An operator key: only the account routes (/api/v1/accounts) take it. */
  operator: boolean;
}

/** lastUsedAt is refreshed at most this often: one write per key per minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Finds the account a presented API key belongs to. The key is looked up by
 * its SHA-256 (a unique index), so no timing comparison of secrets happens.
 * @throws AppError unauthorized for a malformed, unknown or revoked key (one message for all three)
 */
export async function authenticateApiKey(core: Core, options: { key: string }): Promise<ApiCaller> {
  const refused = new AppError('unauthorized', 'the API key is missing, unknown or revoked');
  if (!apiKeyPattern.test(options.key)) throw refused;
  const row = await core.db.apiKey.findUnique({ where: { keyHash: sha256(options.key) } });
  if (!row || row.revokedAt) throw refused;
  const now = core.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await core.db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { apiKeyId: row.id, accountId: row.accountId, actor: apiActor(row.id), operator: row.operator };
}
