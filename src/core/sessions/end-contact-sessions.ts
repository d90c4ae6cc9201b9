import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';

export interface EndContactSessionsOptions {
  contactId: string;
  /** Keep this one session (by row id), e.g. the browser that changed the password. */
  exceptSessionId?: string;
  /** Run inside the caller's transaction. */
  tx?: Tx;
}

/** Signs a contact out everywhere: after a password reset or change. @returns sessions ended */
export async function endContactSessions(core: Core, options: EndContactSessionsOptions): Promise<number> {
  const db = options.tx ?? core.db;
  const { count } = await db.session.deleteMany({
    where: {
      contactId: options.contactId,
      ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}),
    },
  });
  return count;
}
