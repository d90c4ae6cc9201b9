import type { Core } from '../core.ts';

/** Resolves when the database answers a trivial query; rejects when it does not (GET /healthz). */
export async function checkDatabase(core: Core): Promise<void> {
  await core.db.$queryRawUnsafe('SELECT 1');
}
