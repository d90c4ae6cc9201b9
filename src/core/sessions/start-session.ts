import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';
import { chunk } from '../shared/chunk.ts';
import { join, sql, valuesList, ROWS_PER_STATEMENT, type Sql } from '../../db/sql.ts';
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
  const { started, writes } = sessionWrites(sessions, now);
  for (const write of writes) await tx.$executeRaw(write);
  return started;
}

/**
 * The sessions to start and the statements that start them (and end the
 * browsers' previous ones), for a caller that runs the statements itself:
 * link redemption sends them with its other writes (src/db/write-chain.ts).
 */
export function sessionWrites(
  sessions: StartSessionOptions[],
  now: Date,
): { started: StartedSession[]; writes: Sql[] } {
  if (sessions.length === 0) return { started: [], writes: [] };
  const writes: Sql[] = [];
  const previous = sessions.flatMap((options) =>
    options.previousSessionId ? [sha256(options.previousSessionId)] : [],
  );
  // Hand-written (src/db/sql.ts): this is on every sign-in.
  if (previous.length > 0) writes.push(sql`DELETE FROM "Session" WHERE "idHash" IN (${join(previous)})`);
  const started = sessions.map((options) => {
    const policy = options.policy ?? defaultSessionPolicy;
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + policy.absoluteMinutes * 60_000);
    const row = {
      id: newId(),
      idHash: sha256(sessionId),
      accountId: options.accountId,
      contactId: options.contactId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    };
    return { session: { sessionId, expiresAt }, row };
  });
  for (const slice of chunk(started, ROWS_PER_STATEMENT)) {
    writes.push(sql`
      INSERT INTO "Session" ("id", "idHash", "accountId", "contactId", "createdAt", "lastSeenAt", "expiresAt")
      VALUES ${valuesList(slice.map(({ row }) => [row.id, row.idHash, row.accountId, row.contactId, row.createdAt, row.lastSeenAt, row.expiresAt]))}`);
  }
  return { started: started.map((entry) => entry.session), writes };
}
