// `npm run db:migrate`: applies pending migrations to DATABASE_URL and says what it did.
import { loadEnvFile } from '../env-file.ts';
import { migrate } from './migrate.ts';

loadEnvFile();

const url = process.env.DATABASE_URL?.trim() || 'file:./data/portal.db';
try {
  const { applied, alreadyApplied } = await migrate(url);
  console.log(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
      : `database is up to date (${alreadyApplied.length} migration(s) applied before)`,
  );
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exit(1);
}
