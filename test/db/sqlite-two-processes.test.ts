/**
 * Issue 10, item 3, at its root: another process (the CLI importing) commits
 * to the SQLite file while this one runs transactions that read, then write
 * (the outbox recording a send). With the adapter's deferred BEGIN, such a
 * transaction failed at once with "database is locked" whenever the other
 * process committed in between (118 of 209 here). src/db/one-writer-sqlite.ts
 * takes the write lock first (BEGIN IMMEDIATE): none fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { sqlitePath } from '../../src/db/client.ts';
import { createTestDatabase, type MigratedDatabase } from '../support/test-database.ts';

const root = resolve(import.meta.dirname, '../..');

describe('SQLite shared with another writing process', () => {
  let database: MigratedDatabase;
  let writer: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await database.db.$executeRawUnsafe('CREATE TABLE other_process_rows (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterAll(async () => {
    writer?.kill('SIGKILL');
    await database?.close();
  });

  it('runs read-then-write transactions while the other process commits, without a single "database is locked"', {
    timeout: 60_000,
  }, async () => {
    // The other process: a small commit every turn of its event loop, for 8 s.
    writer = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(resolve(root, 'node_modules/better-sqlite3'))});
         const db = new Database(${JSON.stringify(sqlitePath(database.url))}, { timeout: 10000 });
         db.pragma('journal_mode = WAL');
         const insert = db.prepare('INSERT INTO other_process_rows (v) VALUES (?)');
         process.stdout.write('ready\\n');
         const end = Date.now() + 8000;
         (function loop() { if (Date.now() > end) process.exit(0); insert.run('x'); setImmediate(loop); })();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((ready) => writer!.stdout!.once('data', ready));
    let done = 0;
    const failures: string[] = [];
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      try {
        await database.db.$transaction(async (tx) => {
          await tx.account.findMany();
          // The other process commits meanwhile.
          await new Promise((r) => setTimeout(r, 1));
          await tx.account.updateMany({ data: { settings: '{}' } });
        });
        done++;
      } catch (error) {
        failures.push(String(error).slice(-200));
      }
    }
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(20);
    expect(
      await database.db.$queryRawUnsafe<Array<{ n: number }>>('SELECT count(*) AS n FROM other_process_rows'),
    ).not.toEqual([{ n: 0 }]);
  });
});
