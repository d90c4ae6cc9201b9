import { z } from 'zod';
import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isActor, type Actor } from '../audit/actor.ts';
import { findAccount } from '../accounts/find-account.ts';
import { adminSubject } from './admin-subject.ts';

export const removeAccountAdminInput = z.object({
  accountId: z.string().min(1, 'accountId is required'),
  subject: adminSubject,
  actor: z.custom<Actor>(isActor, 'actor: slack:U…, api:<key id>, contact:<id> or system'),
});

export type RemoveAccountAdminOptions = z.input<typeof removeAccountAdminInput>;

/**
 * Takes a Slack user or user group off one account's admins. Operators stay
 * admins of every account whatever this list says (they are configured, not
 * stored). Removing someone who is not an admin is a 404, not a silent
 * success: a typo in an id should not look like it worked.
 * @throws AppError invalid_input (field name), account_not_found, not_found (subject)
 */
export async function removeAccountAdmin(core: Core, options: RemoveAccountAdminOptions): Promise<void> {
  const parsed = removeAccountAdminInput.safeParse(options);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  const { accountId, subject, actor } = parsed.data;
  const account = await findAccount(core, { id: accountId });
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    const removed = await tx.accountAdmin.deleteMany({ where: { accountId, subject } });
    if (removed.count === 0)
      throw new AppError('not_found', `subject: ${subject} is not an admin of the account ${account.slug}`);
    await recordAuditEvent(core, tx, {
      accountId,
      actor,
      action: 'account.admin_removed',
      subject: `slack:${subject}`,
      metadata: { subject },
      at: now,
    });
  });
}
