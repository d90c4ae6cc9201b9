import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type MigratedDatabase } from '../support/test-database.ts';
import { newId } from '../../src/core/shared/ids.ts';

/**
 * SQLite through Prisma's better-sqlite3 adapter has one connection. Without
 * src/db/one-writer-sqlite.ts a query that runs while another request's
 * transaction is open joins that transaction, and a rollback there undoes a
 * write its caller was already told had succeeded.
 */
describe('SQLite: a transaction and the queries around it', () => {
  let database: MigratedDatabase;
  let accountId: string;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    accountId = newId();
    await database.db.account.create({
      data: { id: accountId, name: 'Acme', slug: 'acme', portalUrl: 'http://portal.test' },
    });
  });
  afterAll(() => database?.close());

  const emails = async () =>
    (await database.db.contact.findMany({ select: { email: true }, orderBy: { email: 'asc' } })).map((c) => c.email);

  it('keeps a write made outside while another transaction is open, when that transaction rolls back', async () => {
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const failing = database.db
      .$transaction(async (tx) => {
        await tx.contact.create({ data: { id: newId(), accountId, email: 'inside@example.com' } });
        entered();
        await held;
        throw new Error('this transaction fails');
      })
      .catch((error: Error) => error.message);
    await inside;
    const outside = database.db.contact.create({ data: { id: newId(), accountId, email: 'outside@example.com' } });
    // The outside write waits for the transaction instead of joining it.
    const first = await Promise.race([
      outside.then(() => 'outside'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 100)),
    ]);
    expect(first).toBe('still waiting');
    letGo();
    expect(await failing).toBe('this transaction fails');
    await outside;
    expect(await emails()).toEqual(['outside@example.com']);
  });

  it('runs transactions one after the other, each seeing the one before', async () => {
    const create = (email: string) =>
      database.db.$transaction(async (tx) => {
        const before = await tx.contact.count();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.contact.create({ data: { id: newId(), accountId, email } });
        return before;
      });
    const base = await database.db.contact.count();
    const counts = await Promise.all(['a@example.com', 'b@example.com', 'c@example.com'].map(create));
    expect([...counts].sort()).toEqual([base, base + 1, base + 2]);
  });
});
