import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { openRateLimitStore, rateLimitFileOf, type RateLimitStore } from '../../src/http/rate-limit-store.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { createTestDatabase, testProviders, type MigratedDatabase } from '../support/test-database.ts';

/** true when allowed, false when over the limit; store errors are thrown. */
async function allowed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  }
}

const rule = { name: 'test', points: 3, duration: 60 };

describe.each(testProviders)('the rate-limit store on %s', (provider) => {
  let database: MigratedDatabase;
  const open = () => openRateLimitStore({ db: database.db, databaseUrl: database.url, logger: createMemoryLogger() });
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database?.close());

  it('is shared: two instances on one database count together, per key', async () => {
    const [one, two] = [open(), open()];
    try {
      expect(one.kind).toBe(provider);
      expect(one.where).toContain(provider === 'sqlite' ? rateLimitFileOf(database.url) : 'table RateLimit');
      const [a, b] = [one.limiter(rule), two.limiter(rule)];
      expect([await allowed(a, 'ip-1'), await allowed(b, 'ip-1'), await allowed(a, 'ip-1')]).toEqual([
        true,
        true,
        true,
      ]);
      expect(await allowed(b, 'ip-1')).toBe(false);
      expect(await allowed(a, 'ip-1')).toBe(false);
      expect(await allowed(b, 'ip-2')).toBe(true);
      // Other rules keep their own counts for the same key.
      expect(await allowed(two.limiter({ ...rule, name: 'other' }), 'ip-1')).toBe(true);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('counts calls made at once one by one: each sees its own count, and exactly the allowed number pass', async () => {
    const store = open();
    try {
      const limiter = store.limiter({ name: 'burst', points: 5, duration: 60 });
      // On PostgreSQL these go out in a few statements (src/db/postgres-rate-limiter.ts), keys summed.
      const calls = [
        ...Array.from({ length: 12 }, () => 'crowd'),
        ...Array.from({ length: 3 }, (_, index) => `alone-${index}`),
      ].map((key) =>
        limiter.consume(key).then(
          (result) => ({ key, passed: true, consumed: result.consumedPoints }),
          (rejection: unknown) => {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            return { key, passed: false, consumed: rejection.consumedPoints };
          },
        ),
      );
      const results = await Promise.all(calls);
      const crowd = results.filter((result) => result.key === 'crowd');
      expect(crowd.filter((result) => result.passed)).toHaveLength(5);
      expect(crowd.map((result) => result.consumed).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, index) => index + 1),
      );
      expect(results.filter((result) => result.key !== 'crowd')).toEqual(
        [0, 1, 2].map((index) => ({ key: `alone-${index}`, passed: true, consumed: 1 })),
      );
      // And the count goes on from there.
      expect(await allowed(limiter, 'crowd')).toBe(false);
      expect(await allowed(limiter, 'alone-0')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('counts where it says: the companion file on SQLite, the RateLimit table on PostgreSQL', async () => {
    const store = open();
    try {
      await allowed(store.limiter(rule), 'where');
      if (provider === 'sqlite') {
        expect(existsSync(rateLimitFileOf(database.url))).toBe(true);
        expect(await database.db.rateLimit.count()).toBe(0);
      } else {
        expect(await database.db.rateLimit.count({ where: { key: 'pd_test:where' } })).toBe(1);
      }
    } finally {
      await store.close();
    }
  });
});

describe('the rate-limit store in Redis', () => {
  it('says where it counts without the password', async () => {
    const store = openRateLimitStore({
      db: undefined as never,
      databaseUrl: 'file:unused.db',
      redisUrl: 'redis://:hunter2-secret@127.0.0.1:6379/0',
      logger: createMemoryLogger(),
    });
    try {
      expect(store.kind).toBe('redis');
      expect(store.where).toBe('Redis at 127.0.0.1:6379/0');
      expect(store.where).not.toContain('hunter2');
    } finally {
      await store.close();
    }
  });
});

describe('the rate-limit store when its database is gone', () => {
  let database: MigratedDatabase;
  let store: RateLimitStore;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    store = openRateLimitStore({ db: database.db, databaseUrl: database.url, logger: createMemoryLogger() });
  });
  afterAll(() => database?.close());

  it('still limits, in memory, instead of letting everything through', async () => {
    const limiter = store.limiter(rule);
    await store.close();
    expect([
      await allowed(limiter, 'k'),
      await allowed(limiter, 'k'),
      await allowed(limiter, 'k'),
      await allowed(limiter, 'k'),
    ]).toEqual([true, true, true, false]);
  });
});
