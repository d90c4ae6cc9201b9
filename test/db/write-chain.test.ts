import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testProviders, type MigratedDatabase } from '../support/test-database.ts';
import { driverTransaction } from '../../src/db/driver-transaction.ts';
import { writeChain } from '../../src/db/write-chain.ts';
import { sql } from '../../src/db/sql.ts';

/**
 * src/db/write-chain.ts: writes held back and sent with the next statement
 * (one statement on PostgreSQL, one after another on SQLite), inside the
 * caller's transaction. Link redemption's sessions, counters and audit rows
 * go this way.
 */
describe.each(testProviders)('write chains on %s', (provider) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database?.close());

  const insert = (key: string, points = 1) => sql`INSERT INTO "RateLimit" ("key", "points") VALUES (${key}, ${points})`;
  const points = async (prefix: string) =>
    (await database.db.rateLimit.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } })).map(
      (row) => [row.key, row.points],
    );

  it('runs the held writes with the statement and answers its rows; PostgreSQL sends them as one statement', async () => {
    const rows = await driverTransaction(database.db, async (tx) => {
      const chain = writeChain(database.db, tx);
      chain.hold(insert('held-a'), insert('held-b', 2));
      chain.hold(sql`UPDATE "Account" SET "updatedAt" = "updatedAt" WHERE "id" = ${'no-such-account'}`);
      return chain.run<{ count: number }>(
        sql`SELECT CAST(COUNT(*) AS INTEGER) AS "count" FROM "RateLimit" WHERE "key" LIKE ${'held-%'}`,
      );
    });
    expect(await points('held-')).toEqual([
      ['held-a', 1],
      ['held-b', 2],
    ]);
    // One statement on PostgreSQL sees the database as it was before its writes (the rule every caller
    // keeps: hold only writes the statement does not read); on SQLite the writes ran first.
    expect(rows).toEqual([{ count: provider === 'postgresql' ? 0 : 2 }]);
  });

  it('writes what is still held on flush, and nothing twice', async () => {
    await driverTransaction(database.db, async (tx) => {
      const chain = writeChain(database.db, tx);
      chain.hold(insert('flush-a'));
      await chain.run(sql`SELECT 1 AS "one"`);
      chain.hold(insert('flush-b'), insert('flush-c'));
      await chain.flush();
      await chain.flush();
    });
    expect(await points('flush-')).toEqual([
      ['flush-a', 1],
      ['flush-b', 1],
      ['flush-c', 1],
    ]);
  });

  it('is all or nothing with its transaction: a failing held write or a later failure undoes every write', async () => {
    await expect(
      driverTransaction(database.db, async (tx) => {
        const chain = writeChain(database.db, tx);
        // The second insert breaks the primary key: the chain (one statement on PostgreSQL) fails as a whole.
        chain.hold(insert('undone-a'), insert('undone-a'));
        await chain.flush();
      }),
    ).rejects.toThrow();
    await expect(
      driverTransaction(database.db, async (tx) => {
        const chain = writeChain(database.db, tx);
        chain.hold(insert('undone-b'));
        await chain.run(sql`SELECT 1 AS "one"`);
        throw new Error('work failed after the chain ran');
      }),
    ).rejects.toThrow('work failed after the chain ran');
    expect(await points('undone-')).toEqual([]);
  });
});
