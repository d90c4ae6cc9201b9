import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { toApiKey, type ApiKey } from './api-key-view.ts';
import type { Actor } from '../audit/actor.ts';

export interface RevokeApiKeyOptions {
  accountId: string;
  /** The key's id, or its displayed prefix (`pd_ab12cd`) when that is unambiguous. */
  keyId: string;
  actor: Actor;
}

/**
 * Revokes a key: the next request with it is refused. Revoking a revoked key
 * changes nothing and answers the key as it is.
 * @throws AppError not_found, conflict (a prefix matching several keys)
 */
export async function revokeApiKey(core: Core, options: RevokeApiKeyOptions): Promise<ApiKey> {
  const ref = options.keyId.trim();
  return core.db.$transaction(async (tx) => {
    const byId = await tx.apiKey.findFirst({ where: { id: ref, accountId: options.accountId } });
    const matches = byId
      ? [byId]
      : ref.startsWith('pd_')
        ? await tx.apiKey.findMany({ where: { accountId: options.accountId, prefix: ref, revokedAt: null } })
        : [];
    if (matches.length === 0) throw new AppError('not_found', `no API key ${ref}`);
    if (matches.length > 1) throw new AppError('conflict', `${matches.length} keys start with ${ref}: revoke by id`);
    const key = matches[0]!;
    if (key.revokedAt) return toApiKey(key);
    const now = core.now();
    const row = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'api_key.revoked',
      subject: `api_key:${key.id}`,
      metadata: { name: key.name, prefix: key.prefix },
      at: now,
    });
    return toApiKey(row);
  });
}
