// Writes one Prisma schema per database provider from prisma/models.prisma.
// Prisma needs the provider as a literal, so the models live once and each
// provider gets a generated copy with its own generator output.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const models = readFileSync(join(root, 'prisma/models.prisma'), 'utf8');

for (const provider of ['sqlite', 'postgresql']) {
  const header = `// GENERATED from prisma/models.prisma by scripts/db-schemas.mjs. Do not edit.

generator client {
  provider     = "prisma-client"
  engineType   = "client"
  output       = "../../src/db/generated/${provider}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

`;
  const dir = join(root, 'prisma', provider);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'schema.prisma'), header + models);
}
