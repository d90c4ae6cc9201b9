/**
 * `portal-desk …` as a person's script runs it: bin/portal-desk.mjs in a
 * child process with stdin closed (so there is no terminal to confirm on),
 * against a real database of the test's own.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/db/migrate.ts';
import { createDb, type Db, type DbProvider } from '../../src/db/client.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { ensureDefaultAccount } from '../../src/core/accounts/ensure-default-account.ts';
import { createEmptyDatabase, type TestDatabase } from './test-database.ts';

const bin = join(import.meta.dirname, '../../bin/portal-desk.mjs');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function runCli(env: Record<string, string>, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: unknown }).code ?? 1) : 0,
          out: stdout.trim(),
          err: stderr.trim(),
        });
      },
    );
    child.stdin?.end();
  });
}

export interface CliWorkspace {
  database: TestDatabase;
  db: Db;
  /** The same database as the CLI sees, for arranging and checking. */
  core: Core;
  accountId: string;
  env: Record<string, string>;
  cli(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** A migrated database with its default account, a data directory, and the CLI pointed at both. */
export async function openCliWorkspace(provider: DbProvider, name: string): Promise<CliWorkspace> {
  const database = await createEmptyDatabase(provider);
  const dir = mkdtempSync(join(tmpdir(), `portal-desk-cli-${name}-`));
  await migrate(database.url);
  const db = await createDb(database.url);
  const core = createCore({ db, publicUrl: 'https://desk.example.com', linkKey: randomBytes(32) });
  const accountId = (await ensureDefaultAccount(core)).id;
  const env = { HOME: dir, DATABASE_URL: database.url, DATA_DIR: dir, PUBLIC_URL: 'https://desk.example.com' };
  return {
    database,
    db,
    core,
    accountId,
    env,
    cli: (...args) => runCli(env, args),
    async close() {
      await db.$disconnect();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
