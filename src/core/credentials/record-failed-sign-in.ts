import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { SignInMethod } from './record-sign-in.ts';
import { contactRef } from '../audit/actor.ts';

/**
 * Counts a failed password or code attempt against the contact. After
 * `maxFailedSignIns` in a row, passwords and codes are refused until the
 * contact signs in with a fresh link (redeeming one resets the count).
 */
export async function recordFailedSignIn(core: Core, options: { accountId: string; contactId: string; method: SignInMethod }): Promise<void> {
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.contact.updateMany({ where: { id: options.contactId }, data: { failedSignIns: { increment: 1 } } });
    await recordAuditEvent(core, tx, { accountId: options.accountId, actor: 'system', action: 'contact.sign_in_failed', subject: contactRef(options.contactId), metadata: { method: options.method }, at: now });
  });
}

/** @default 100 consecutive failures */
export const defaultMaxFailedSignIns = 100;
