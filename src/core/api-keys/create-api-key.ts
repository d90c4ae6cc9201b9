import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { sha256 } from '../shared/secret-hash.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { API_KEY_PREFIX_LENGTH, toApiKey, type ApiKey } from './api-key-view.ts';
import type { Actor } from '../audit/actor.ts';

export interface CreateApiKeyOptions {
  accountId: string;
  /** What the key is for ("Checkout", "Zapier"), shown in lists. */
  name: string;
  actor: Actor;
  /**
   * An operator key: it manages accounts (create, list, rename, archive) and
   * nothing inside one. Only the CLI, run by whoever runs the service, makes one.
   * @default false
   */
  operator?: boolean;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The key itself: show it once. Only its SHA-256 is stored, so it cannot be shown again. */
  key: string;
}

const nameSchema = z
  .string()
  .trim()
  .min(1, 'an API key needs a name, e.g. "Checkout"')
  .max(80, 'API key names are at most 80 characters');

/**
 * Creates an API key for an account.
 * @example const { key } = await createApiKey(core, { accountId, name: 'Checkout', actor: 'slack:U123' })
 */
export async function createApiKey(core: Core, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const name = nameSchema.safeParse(options.name);
  if (!name.success) throw invalidInput(name.error.issues[0]!.message);
  const key = `pd_${randomBytes(32).toString('base64url')}`;
  const now = core.now();
  const row = await core.db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        id: newId(),
        accountId: options.accountId,
        name: name.data,
        prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
        keyHash: sha256(key),
        operator: options.operator === true,
        createdBy: options.actor,
        createdAt: now,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'api_key.created',
      subject: `api_key:${created.id}`,
      metadata: { name: created.name, prefix: created.prefix, operator: created.operator },
      at: now,
    });
    return created;
  });
  return { apiKey: toApiKey(row), key };
}
