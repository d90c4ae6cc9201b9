import type { Core } from '../core.ts';
import { sha256 } from '../shared/secret-hash.ts';

/** Signs one browser out. Ending a session that does not exist is not an error. */
export async function endSession(core: Core, options: { sessionId: string }): Promise<void> {
  await core.db.session.deleteMany({ where: { idHash: sha256(options.sessionId) } });
}
