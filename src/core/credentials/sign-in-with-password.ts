import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { decoyHash, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hashing.ts';
import { recordSignIn } from './record-sign-in.ts';
import { defaultMaxFailedSignIns, recordFailedSignIn } from './record-failed-sign-in.ts';

export interface SignInWithPasswordOptions {
  accountId: string;
  email: string;
  password: string;
  /** Consecutive failures before a fresh link is needed. @default 100 */
  maxFailedSignIns?: number;
}

/**
 * Checks an email and password. Unknown addresses and contacts without a
 * password cost one argon2 verification too, and get the same error as a
 * wrong password.
 * @throws AppError unauthorized (no such pair), rate_limited (too many failures in a row: use a link)
 */
export async function signInWithPassword(core: Core, options: SignInWithPasswordOptions): Promise<{ contact: Contact; firstSignIn: boolean }> {
  const parsed = parseAddress(options.email);
  const email = parsed.ok && parsed.address.kind === 'email' ? parsed.address.email : null;
  const row = email ? await core.db.contact.findUnique({ where: { accountId_email: { accountId: options.accountId, email } } }) : null;
  const matches = await verifyPassword(row?.passwordHash ?? (await decoyHash()), options.password);
  if (!row || !row.passwordHash) throw new AppError('unauthorized', 'that email and password do not match');
  if (row.failedSignIns >= (options.maxFailedSignIns ?? defaultMaxFailedSignIns)) {
    throw new AppError('rate_limited', 'too many failed sign-ins in a row: sign in with a link we email you', { contactId: row.id });
  }
  if (!matches) {
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
