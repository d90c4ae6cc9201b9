import type { Core } from '../core.ts';
import { listPendingMigrations as pendingIn } from '../../db/pending-migrations.ts';

/** Migrations of this build not yet applied to the core's database (readiness). */
export async function listPendingMigrations(
  core: Core,
  options: { provider: 'sqlite' | 'postgresql' },
): Promise<string[]> {
  return pendingIn(core.db, options);
}
