import { z } from 'zod';
import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isActor, type Actor } from '../audit/actor.ts';
import { findAccount } from '../accounts/find-account.ts';
import { adminSubject, toAccountAdmin, type AccountAdminView } from './admin-subject.ts';

export const addAccountAdminInput = z.object({
  accountId: z.string().min(1, 'accountId is required'),
  subject: adminSubject,
  actor: z.custom<Actor>(isActor, 'actor: slack:U…, api:<key id>, contact:<id> or system'),
});

export type AddAccountAdminOptions = z.input<typeof addAccountAdminInput>;

/**
 * Makes a Slack user or user group an admin of one account. Idempotent:
 * adding an admin twice keeps the first row (and its author) and audits
 * nothing the second time. Who may call this (operators, or the account's
 * own admins) is the surface's check: only it knows the caller.
 * @throws AppError invalid_input (field name), account_not_found
 */
export async function addAccountAdmin(
  core: Core,
  options: AddAccountAdminOptions,
): Promise<{ admin: AccountAdminView; added: boolean }> {
  const parsed = addAccountAdminInput.safeParse(options);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  const { accountId, subject, actor } = parsed.data;
  await findAccount(core, { id: accountId });
  const key = { accountId_subject: { accountId, subject } };
  const existing = await core.db.accountAdmin.findUnique({ where: key });
  if (existing) return { admin: toAccountAdmin(existing), added: false };
  const now = core.now();
  try {
    const row = await core.db.$transaction(async (tx) => {
      const created = await tx.accountAdmin.create({
        data: { id: newId(), accountId, subject, createdBy: actor, createdAt: now },
      });
      await recordAuditEvent(core, tx, {
        accountId,
        actor,
        action: 'account.admin_added',
        subject: `slack:${subject}`,
        metadata: { subject },
        at: now,
      });
      return created;
    });
    return { admin: toAccountAdmin(row), added: true };
  } catch (error) {
    // Two adds at once: the unique index decides, and the loser answers like a repeat.
    if ((error as { code?: string }).code !== 'P2002') throw error;
    return { admin: toAccountAdmin(await core.db.accountAdmin.findUniqueOrThrow({ where: key })), added: false };
  }
}
