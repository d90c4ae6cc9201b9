import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import { newId } from '../shared/ids.ts';
import { sha256 } from '../shared/secret-hash.ts';
import { defaultSessionPolicy, type SessionPolicy } from './session-policy.ts';

export interface StartSessionOptions {
  accountId: string;
  contactId: string;
  /** The session id the browser held before signing in; it is ended (a new id on every sign-in). */
  previousSessionId?: string;
  policy?: SessionPolicy;
}

export interface StartedSession {
  /** Goes in the cookie and nowhere else: only its SHA-256 is stored. */
  sessionId: string;
  expiresAt: Date;
}

/** Starts a portal session for a contact who just proved who they are. */
export async function startSession(core: Core, options: StartSessionOptions): Promise<StartedSession> {
  const policy = options.policy ?? defaultSessionPolicy;
  const now = core.now();
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.absoluteMinutes * 60_000);
  const create = { id: newId(), idHash: sha256(sessionId), accountId: options.accountId, contactId: options.contactId, createdAt: now, lastSeenAt: now, expiresAt };
  // Ending the old session is a separate statement: there is nothing to keep
  // consistent between the two, and sign-in is the hot path.
  if (options.previousSessionId) await core.db.session.deleteMany({ where: { idHash: sha256(options.previousSessionId) } });
  await core.db.session.create({ data: create });
  return { sessionId, expiresAt };
}
