// Prisma 6.19 CLI without native engines: `engine: "js"` runs the schema
// engine as WebAssembly, so nothing is downloaded. The project applies its
// migrations with its own runner (src/db/migrate.ts); the CLI is used only for
// `generate` and `migrate diff`, which never open the database.
// PRISMA_PROVIDER picks which generated schema the CLI works on.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

const provider = process.env.PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  engine: 'js',
  experimental: { adapter: true },
  async adapter() {
    return provider === 'postgresql'
      ? new PrismaPg({ connectionString: process.env.DATABASE_URL })
      : new PrismaBetterSQLite3({ url: ':memory:' });
  },
});
