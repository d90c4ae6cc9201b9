import type { Core } from '../core.ts';
import { sha256 } from '../shared/secret-hash.ts';
import { isWellFormedSecret } from '../shared/secret-format.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { AppError } from '../shared/errors.ts';
import { defaultSessionPolicy, touchEveryMs, type SessionPolicy } from './session-policy.ts';

export interface FindSessionOptions {
  /** The id from the cookie, as the browser sent it. */
  sessionId: string;
  /**
   * The account whose portal asks: another account's session is no session
   * here (not signed in), whatever state it is in (issue #16).
   */
  accountId?: string;
  policy?: SessionPolicy;
}

export interface SignedInSession {
  id: string;
  accountId: string;
  contact: Contact;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The live session behind a cookie, or null when there is none, it is past
 * its absolute lifetime, or it has been idle too long (such rows are removed).
 * Refreshes lastSeenAt at most every few minutes.
 * @throws AppError contact_deactivated when the session was ended because
 *   the contact's access was turned off (or the contact is deactivated), so
 *   the browser can be told so instead of being sent to sign in.
 */
export async function findSession(core: Core, options: FindSessionOptions): Promise<SignedInSession | null> {
  if (!isWellFormedSecret(options.sessionId)) return null;
  const policy = options.policy ?? defaultSessionPolicy;
  const now = core.now();
  const row = await core.db.session.findUnique({
    where: { idHash: sha256(options.sessionId) },
    include: { contact: true },
  });
  if (!row || (options.accountId !== undefined && row.accountId !== options.accountId)) return null;
  if (row.contact.status === 'deactivated')
    throw new AppError('contact_deactivated', 'access to this portal is turned off for this contact', {
      contactId: row.contactId,
    });
  if (row.endedAt) {
    // Signed out everywhere by support: nothing more to say than "sign in".
    await core.db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  const idleUntil = row.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  if (row.expiresAt <= now || idleUntil <= now.getTime()) {
    await core.db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= touchEveryMs) {
    await core.db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return {
    id: row.id,
    accountId: row.accountId,
    contact: toContact(row.contact),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
