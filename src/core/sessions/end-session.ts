import type { Core } from '../core.ts';
import { sha256 } from '../shared/secret-hash.ts';

/**
 * Signs one browser out. Ending a session that does not exist is not an error.
 * With `accountId`, only a session of that account ends: signing out of
 * account B's portal leaves the same browser's session on account A alone.
 */
export async function endSession(core: Core, options: { sessionId: string; accountId?: string }): Promise<void> {
  await core.db.session.deleteMany({
    where: {
      idHash: sha256(options.sessionId),
      ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    },
  });
}
