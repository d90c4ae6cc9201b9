/**
 * The service's SQLite connection leaves checkpoints to a worker thread
 * (src/db/sqlite-wal-checkpointer.ts): its own automatic checkpoint is only a
 * backstop at 20,000 pages, yet the WAL stays small while data pours in, and
 * stopping the service checkpoints the rest and ends the worker.
 */
import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, flushErasedData, sqlitePath, type Db } from '../../src/db/client.ts';
import { startWalCheckpointer } from '../../src/db/sqlite-wal-checkpointer.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

const pageSize = 4096;
const walPages = (database: TestDatabase) => {
  try {
    return statSync(`${sqlitePath(database.url)}-wal`).size / pageSize;
  } catch {
    return 0;
  }
};

/** About `pages` pages of new rows, in transactions of 100 rows, with pauses a checkpointer can use. */
async function pourIn(db: Db, pages: number): Promise<void> {
  await db.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS "Filler" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL)');
  const body = 'x'.repeat(pageSize - 200);
  for (let written = 0; written < pages; written += 100) {
    await db.$transaction(async (tx) => {
      for (let row = 0; row < 100; row++) await tx.$executeRaw`INSERT INTO "Filler" ("body") VALUES (${body})`;
    });
    if (written % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('checkpointing SQLite in the background', () => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.$disconnect().catch(() => undefined);
  });

  it('keeps the WAL far below the backstop while about 6,000 pages are written, then empties it on stop', async () => {
    const database = await createEmptyDatabase('sqlite');
    const db = await createDb(database.url, { checkpointInBackground: true });
    opened.push(db);
    const [setting] = await db.$queryRawUnsafe<Array<{ wal_autocheckpoint: number }>>('PRAGMA wal_autocheckpoint');
    expect(Number(setting?.wal_autocheckpoint)).toBe(20_000);
    await pourIn(db, 6_000);
    // Without the worker the WAL would hold all 6,000 pages (the backstop is 20,000).
    expect(walPages(database)).toBeLessThan(4_000);
    await db.$disconnect();
    const after = await createDb(database.url);
    opened.push(after);
    const [count] = await after.$queryRawUnsafe<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM "Filler"');
    expect(Number(count?.n)).toBe(6_000);
  }, 120_000);

  it("does not stop an erasure from emptying the WAL: the flush waits out the worker's checkpoints", async () => {
    const database = await createEmptyDatabase('sqlite');
    const db = await createDb(database.url);
    opened.push(db);
    // A worker checkpointing all the time: a TRUNCATE checkpoint asked for meanwhile answers "busy" at once.
    const busyCheckpointer = startWalCheckpointer(sqlitePath(database.url), { intervalMs: 1 });
    try {
      await db.$executeRawUnsafe('CREATE TABLE "Erased" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL)');
      for (let attempt = 0; attempt < 40; attempt++) {
        await db.$transaction(async (tx) => {
          for (let row = 0; row < 50; row++)
            await tx.$executeRaw`INSERT INTO "Erased" ("body") VALUES (${'x'.repeat(3000)})`;
        });
        expect(await flushErasedData(db)).toBe(true);
        // Erased rows' old versions live in the WAL until it is copied into the file and emptied.
        expect(walPages(database)).toBe(0);
      }
    } finally {
      await busyCheckpointer.stop();
    }
  }, 120_000);

  it('is off for a short-lived process (the CLI): SQLite checkpoints on its own, as by default', async () => {
    const database = await createEmptyDatabase('sqlite');
    const db = await createDb(database.url);
    opened.push(db);
    const [setting] = await db.$queryRawUnsafe<Array<{ wal_autocheckpoint: number }>>('PRAGMA wal_autocheckpoint');
    expect(Number(setting?.wal_autocheckpoint)).toBe(1_000);
  });
});
