import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { SignInMethod } from './record-sign-in.ts';
import { contactRef } from '../audit/actor.ts';

/**
 * Records a failed password or code attempt in the audit trail. It locks
 * nothing and no longer counts on the contact (`Contact.failedSignIns` is
 * left at 0): a per-contact lock-out was a button anyone could press to keep
 * a person out (issue #11, finding 3), and a write to a known contact's row
 * made failures for known addresses measurably slower than for unknown ones
 * (finding 4; test/security/sign-in-abuse.security.test.ts). Throttling is per
 * client, in the portal. An unknown address (contactId null) writes the same
 * one row.
 */
export async function recordFailedSignIn(
  core: Core,
  options: { accountId: string; contactId: string | null; method: SignInMethod },
): Promise<void> {
  await recordAuditEvent(core, core.db, {
    accountId: options.accountId,
    actor: 'system',
    action: 'contact.sign_in_failed',
    subject: options.contactId ? contactRef(options.contactId) : undefined,
    metadata: { method: options.method, knownAddress: options.contactId !== null },
    at: core.now(),
  });
}
