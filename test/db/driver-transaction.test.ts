import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testProviders, type MigratedDatabase } from '../support/test-database.ts';
import { driverTransaction } from '../../src/db/driver-transaction.ts';
import { empty, sql } from '../../src/db/sql.ts';

/**
 * src/db/driver-transaction.ts runs link redemption's raw SQL on the driver
 * under Prisma. What it must keep: all or nothing, values written and read as
 * Prisma writes and reads them, turns taken with Prisma on SQLite's one
 * connection, and the Prisma path when the work asks for more than raw SQL.
 */
describe.each(testProviders)('driver transactions on %s', (provider) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database?.close());

  const expire = new Date('2026-11-30T12:34:56.789Z');
  const forUpdate = provider === 'postgresql' ? sql`FOR UPDATE` : empty;

  it('commits, and writes and reads dates and integers as Prisma does', async () => {
    const rows = await driverTransaction(database.db, async (tx) => {
      await tx.$executeRaw`INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${'dates'}, ${1}, ${expire})`;
      return tx.$queryRaw<
        Array<{ key: string; points: number; expire: Date }>
      >`SELECT "key", "points", "expire" FROM "RateLimit" WHERE "key" = ${'dates'}`;
    });
    // A number, not a BigInt (Prisma's SQLite connection reads integers as BigInt unless told otherwise).
    expect(rows).toEqual([{ key: 'dates', points: 1, expire }]);
    // Prisma reads back the very instant the driver wrote.
    expect(await database.db.rateLimit.findUnique({ where: { key: 'dates' } })).toEqual({
      key: 'dates',
      points: 1,
      expire,
    });
    // And the driver compares with dates Prisma wrote.
    await database.db.rateLimit.create({ data: { key: 'by-prisma', points: 1, expire } });
    const later = await driverTransaction(
      database.db,
      (tx) =>
        tx.$queryRaw<
          Array<{ key: string }>
        >`SELECT "key" FROM "RateLimit" WHERE "expire" > ${new Date(expire.getTime() - 1)} AND "key" = ${'by-prisma'}`,
    );
    expect(later).toEqual([{ key: 'by-prisma' }]);
  });

  it('undoes everything when the work throws', async () => {
    await expect(
      driverTransaction(database.db, async (tx) => {
        await tx.$executeRaw`INSERT INTO "RateLimit" ("key", "points") VALUES (${'undone'}, ${1})`;
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await database.db.rateLimit.findUnique({ where: { key: 'undone' } })).toBeNull();
    // The connection is usable afterwards (no transaction left open on it).
    await driverTransaction(
      database.db,
      (tx) => tx.$executeRaw`INSERT INTO "RateLimit" ("key", "points") VALUES (${'after'}, ${1})`,
    );
    expect(await database.db.rateLimit.findUnique({ where: { key: 'after' } })).not.toBeNull();
  });

  it('runs the whole work again in a Prisma transaction when it needs a model query, once in effect', async () => {
    let runs = 0;
    const found = await driverTransaction(database.db, async (tx) => {
      runs += 1;
      await tx.$executeRaw`UPDATE "RateLimit" SET "points" = "points" + 1 WHERE "key" = ${'after'}`;
      return tx.rateLimit.findUnique({ where: { key: 'after' } });
    });
    expect(runs).toBe(2);
    // The driver's attempt was rolled back: the increment counted once.
    expect(found?.points).toBe(2);
    expect((await database.db.rateLimit.findUnique({ where: { key: 'after' } }))?.points).toBe(2);
  });

  it('takes turns with Prisma: concurrent driver transactions and Prisma writes all count', async () => {
    await database.db.rateLimit.create({ data: { key: 'turns', points: 0 } });
    const increments = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? driverTransaction(database.db, async (tx) => {
            // Read-then-write: a lost update unless the transactions really take turns (SQLite: the one-writer lock).
            const [row] = await tx.$queryRaw<
              Array<{ points: number }>
            >`SELECT "points" FROM "RateLimit" WHERE "key" = ${'turns'} ${forUpdate}`;
            await tx.$executeRaw`UPDATE "RateLimit" SET "points" = ${row!.points + 1} WHERE "key" = ${'turns'}`;
          })
        : database.db.rateLimit.update({ where: { key: 'turns' }, data: { points: { increment: 1 } } }),
    );
    await Promise.all(increments);
    expect((await database.db.rateLimit.findUnique({ where: { key: 'turns' } }))?.points).toBe(20);
  });
});
