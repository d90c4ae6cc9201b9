/**
 * Migrations committed in this build but not recorded as applied in the
 * database (readiness: an instance whose schema is behind must not take traffic).
 */
import type { Db } from './client.ts';
import { listMigrations } from './migrate.ts';

export async function listPendingMigrations(db: Db, options: { provider: 'sqlite' | 'postgresql' }): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return listMigrations(options.provider)
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
}
