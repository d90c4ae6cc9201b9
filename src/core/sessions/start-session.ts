import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
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
  const [started] = await core.db.$transaction((tx) => startSessionsInTx(tx, [options], core.now()));
  return started!;
}

/**
 * Starts several sessions in the caller's transaction, in two statements
 * whatever their number: link redemption signs a whole batch in at once.
 */
export async function startSessionsInTx(tx: Tx, sessions: StartSessionOptions[], now: Date): Promise<StartedSession[]> {
  if (sessions.length === 0) return [];
  const previous = sessions.flatMap((options) => (options.previousSessionId ? [sha256(options.previousSessionId)] : []));
  if (previous.length > 0) await tx.session.deleteMany({ where: { idHash: { in: previous } } });
  const started = sessions.map((options) => {
    const policy = options.policy ?? defaultSessionPolicy;
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + policy.absoluteMinutes * 60_000);
    const row = { id: newId(), idHash: sha256(sessionId), accountId: options.accountId, contactId: options.contactId, createdAt: now, lastSeenAt: now, expiresAt };
    return { session: { sessionId, expiresAt }, row };
  });
  await tx.session.createMany({ data: started.map((entry) => entry.row) });
  return started.map((entry) => entry.session);
}
