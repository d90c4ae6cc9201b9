// Writes a new migration for both providers, offline.
//
//   node scripts/db-migration.mjs <name>
//
// `prisma migrate dev` needs a shadow database that fails under WebAssembly,
// so each provider keeps a snapshot of the schema its last migration produced
// (migrations/schema.snapshot.prisma) and the new migration is the diff from
// that snapshot to the current schema. The PostgreSQL diff opens (and changes
// nothing in) MIGRATION_DIFF_PG_URL, default the local postgres database.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: node scripts/db-migration.mjs <name>  (lower case, digits and _ only)');
  process.exit(1);
}
execFileSync(process.execPath, [join(root, 'scripts/db-schemas.mjs')], { stdio: 'inherit' });

const urls = {
  sqlite: 'file::memory:',
  postgresql: process.env.MIGRATION_DIFF_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
};
for (const provider of ['sqlite', 'postgresql']) {
  const dir = join(root, 'prisma', provider, 'migrations');
  mkdirSync(dir, { recursive: true });
  const schema = join(root, 'prisma', provider, 'schema.prisma');
  const snapshot = join(dir, 'schema.snapshot.prisma');
  const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const sql = execFileSync(
    join(root, 'node_modules/.bin/prisma'),
    ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'],
    { cwd: root, env: { ...process.env, PRISMA_PROVIDER: provider, DATABASE_URL: urls[provider] }, encoding: 'utf8' },
  );
  if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE)\b/i.test(sql)) {
    console.log(`${provider}: schema unchanged, no migration written`);
    continue;
  }
  const count = readdirSync(dir).filter((entry) => /^\d{4}_/.test(entry)).length;
  const folder = join(dir, `${String(count + 1).padStart(4, '0')}_${name}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'migration.sql'), sql);
  copyFileSync(schema, snapshot);
  console.log(`${provider}: wrote ${folder}`);
}
