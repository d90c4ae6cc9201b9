/**
 * The boundary rules (lint/boundary) are only worth having if they fail: this
 * runs them on a few files that break them, and on the real tree, which must pass.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const biome = join(root, 'node_modules/.bin/biome');

async function lint(cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(
      biome,
      ['lint', `--config-path=${join(cwd, 'lint/boundary/biome.jsonc')}`, '--max-diagnostics=200', 'src'],
      { cwd },
    );
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('lint:boundary', () => {
  // Biome resolves the configuration's paths against where it lives: the fixture tree gets a copy.
  const dir = mkdtempSync(join(tmpdir(), 'boundary-'));
  cpSync(join(root, 'lint/boundary'), join(dir, 'lint/boundary'), { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('fails on Prisma outside core and db, on core.db in a transport, and on core importing a transport', async () => {
    write(
      'src/slack/reads-prisma.ts',
      "import type { Db } from '../db/client.ts';\nimport { PrismaClient } from '@prisma/client';\nexport type X = Db | PrismaClient;\n",
    );
    write(
      'src/http/routes/reads-generated.ts',
      "import type { Contact } from '../../db/generated/sqlite/client.ts';\nexport type Y = Contact;\n",
    );
    write('src/cli/uses-core-db.ts', 'export const count = (run: any) => run.context.core.db.contact.count();\n');
    write('src/slack/uses-core-db.ts', 'export const rows = (core: any) => core.db.contact.findMany();\n');
    write(
      'src/core/stats/imports-slack.ts',
      "import { errorText } from '../../slack/error-text.ts';\nimport { App } from '@slack/bolt';\nexport const z = [errorText, App];\n",
    );
    write(
      'src/core/links/imports-http.ts',
      "import type { PortalDeps } from '../../http/portal/portal-deps.ts';\nexport type W = PortalDeps;\n",
    );
    // Allowed: core and db use the client; transports use core functions.
    write(
      'src/core/contacts/reads.ts',
      "import type { Db } from '../../db/client.ts';\nexport const ok = (core: { db: Db }) => core.db.contact.count();\n",
    );
    write(
      'src/slack/uses-core.ts',
      "import { countPortalUsers } from '../core/stats/count-portal-users.ts';\nexport const ok = countPortalUsers;\n",
    );
    const { ok, output } = await lint(dir);
    expect(ok).toBe(false);
    for (const file of [
      'src/slack/reads-prisma.ts:1',
      'src/slack/reads-prisma.ts:2',
      'src/http/routes/reads-generated.ts:1',
      'src/cli/uses-core-db.ts:1',
      'src/slack/uses-core-db.ts:1',
      'src/core/stats/imports-slack.ts:1',
      'src/core/stats/imports-slack.ts:2',
      'src/core/links/imports-http.ts:1',
    ]) {
      expect(output).toContain(file);
    }
    expect(output).not.toContain('src/core/contacts/reads.ts');
    expect(output).not.toContain('src/slack/uses-core.ts');
  }, 60_000);

  it('passes on the real source tree', async () => {
    const { ok, output } = await lint(root);
    expect(output).not.toMatch(/×/);
    expect(ok).toBe(true);
  }, 60_000);
});
