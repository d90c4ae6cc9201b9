import type { Core } from '../core.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { toAccount, type Account } from './account-view.ts';

export const DEFAULT_ACCOUNT_SLUG = 'default';

export interface EnsureDefaultAccountOptions {
  /** @default "Client Portal" */
  name?: string;
}

/**
 * The account created on first start, its portal at `${publicUrl}/portal`.
 * Idempotent, and safe when two instances start together (the unique slug
 * decides; the loser reads the winner's row).
 */
export async function ensureDefaultAccount(core: Core, options: EnsureDefaultAccountOptions = {}): Promise<Account> {
  const existing = await core.db.account.findUnique({ where: { slug: DEFAULT_ACCOUNT_SLUG } });
  if (existing) return toAccount(existing);
  try {
    return await core.db.$transaction(async (tx) => {
      const row = await tx.account.create({
        data: {
          id: newId(),
          slug: DEFAULT_ACCOUNT_SLUG,
          name: options.name ?? 'Client Portal',
          portalUrl: `${core.publicUrl}/portal`,
        },
      });
      await recordAuditEvent(core, tx, {
        accountId: row.id,
        actor: 'system',
        action: 'account.created',
        subject: `account:${row.id}`,
        metadata: { slug: row.slug },
      });
      return toAccount(row);
    });
  } catch (error) {
    const row = await core.db.account.findUnique({ where: { slug: DEFAULT_ACCOUNT_SLUG } });
    if (row) return toAccount(row);
    throw error;
  }
}
