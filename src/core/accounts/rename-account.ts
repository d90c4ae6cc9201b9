import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { cleanText } from '../shared/free-text.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertActor, type Actor } from '../audit/actor.ts';
import { findAccount } from './find-account.ts';
import { toAccount, type Account } from './account-view.ts';

export interface RenameAccountOptions {
  slug: string;
  /** The portal's new name, shown in every email and page. */
  name: string;
  actor: Actor;
}

/**
 * Gives an account a new display name. The slug stays: it is in scripts,
 * channel bindings and (later) host names.
 * @throws AppError account_not_found, invalid_input (field name)
 */
export async function renameAccount(core: Core, options: RenameAccountOptions): Promise<Account> {
  assertActor(options.actor);
  const name = cleanText(options.name, { field: 'name' }) ?? '';
  if (!name) throw invalidInput('name is required');
  if (name.length > 100) throw invalidInput('name: at most 100 characters');
  const account = await findAccount(core, { slug: options.slug.trim().toLowerCase() });
  if (account.name === name) return account;
  return core.db.$transaction(async (tx) => {
    const row = await tx.account.update({ where: { id: account.id }, data: { name } });
    await recordAuditEvent(core, tx, {
      accountId: account.id,
      actor: options.actor,
      action: 'account.renamed',
      subject: `account:${account.id}`,
      metadata: { from: account.name, to: name },
    });
    return toAccount(row);
  });
}
