// Generates what the code needs before it runs: the per-provider Prisma
// schemas and both Prisma clients. Skips work when nothing changed, so
// `npm start` stays quick after the first run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/db-schemas.mjs')], { stdio: 'inherit' });

// The datasource's url = env("DATABASE_URL") must parse for the CLI to read
// the schema offline; generate never connects.
const placeholderUrls = {
  sqlite: 'file:./data/portal.db',
  postgresql: 'postgresql://postgres@127.0.0.1:5432/postgres',
};
for (const provider of ['sqlite', 'postgresql']) {
  const schema = readFileSync(join(root, 'prisma', provider, 'schema.prisma'));
  const version = JSON.parse(readFileSync(join(root, 'node_modules/prisma/package.json'), 'utf8')).version;
  const stamp = createHash('sha256').update(schema).update(version).digest('hex');
  const stampFile = join(root, 'src/db/generated', provider, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) continue;
  try {
    execFileSync(join(root, 'node_modules/.bin/prisma'), ['generate', '--schema', `prisma/${provider}/schema.prisma`], {
      cwd: root,
      stdio: 'pipe',
      env: {
        ...process.env,
        PRISMA_PROVIDER: provider,
        DATABASE_URL: placeholderUrls[provider],
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
  } catch (error) {
    // Quiet when it works; everything Prisma said when it does not.
    process.stderr.write(String(error.stdout ?? '') + String(error.stderr ?? ''));
    throw new Error(`prisma generate failed for ${provider}`);
  }
  writeFileSync(stampFile, stamp);
}
