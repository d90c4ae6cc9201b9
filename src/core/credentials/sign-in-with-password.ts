import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { decoyHash, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hashing.ts';
import { recordSignIn } from './record-sign-in.ts';
import { recordFailedSignIn } from './record-failed-sign-in.ts';

export interface SignInWithPasswordOptions {
  accountId: string;
  email: string;
  password: string;
  /**
   * The caller's throttle refuses this try: do the same work and give the same
   * answer as for a wrong password, without signing in, so a throttled client
   * cannot tell a lock from a wrong password (nor by the time it took).
   */
  refuse?: boolean;
}

/**
 * Checks an email and password. Unknown addresses and contacts without a
 * password cost one argon2 verification too, and get the same error as a
 * wrong password. Nothing here locks a contact out (issue #11, finding 3):
 * throttling is per client, in the portal (src/http/portal/sign-in-throttle.ts).
 * @throws AppError unauthorized (no such pair)
 */
export async function signInWithPassword(
  core: Core,
  options: SignInWithPasswordOptions,
): Promise<{ contact: Contact; firstSignIn: boolean }> {
  const parsed = parseAddress(options.email);
  const email = parsed.ok && parsed.address.kind === 'email' ? parsed.address.email : null;
  const row = email
    ? await core.db.contact.findUnique({ where: { accountId_email: { accountId: options.accountId, email } } })
    : null;
  const matches = await verifyPassword(row?.passwordHash ?? (await decoyHash()), options.password);
  if (!row || !row.passwordHash) {
    // The same statements as a wrong password, so the time does not tell an unknown address apart.
    await recordFailedSignIn(core, { accountId: options.accountId, contactId: row?.id ?? null, method: 'password' });
    throw new AppError('unauthorized', 'that email and password do not match');
  }
  if (!matches || options.refuse) {
    await recordFailedSignIn(core, { accountId: options.accountId, contactId: row.id, method: 'password' });
    throw new AppError('unauthorized', 'that email and password do not match');
  }
  const upgraded = passwordNeedsRehash(row.passwordHash) ? await hashPassword(options.password) : null;
  const firstSignIn = await core.db.$transaction(async (tx) => {
    if (upgraded) await tx.contact.update({ where: { id: row.id }, data: { passwordHash: upgraded } });
    return recordSignIn(core, tx, { accountId: options.accountId, contactId: row.id, method: 'password' });
  });
  const contact = await core.db.contact.findUniqueOrThrow({ where: { id: row.id } });
  return { contact: toContact(contact), firstSignIn };
}
