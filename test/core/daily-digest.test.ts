/**
 * Issue 10, item 5: the daily digest is claimed with a unique row. Any number
 * of instances asking at once: exactly one posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import { createCore } from '../../src/core/core.ts';
import { claimDailyDigest } from '../../src/core/stats/claim-daily-digest.ts';

describe.each(testProviders)('daily digest claims on %s', (provider) => {
  let t: TestCore;
  let otherDb: Db;
  beforeAll(async () => {
    t = await createTestCore(provider);
    // Another instance: its own connection pool on PostgreSQL (SQLite: one connection per process).
    otherDb = provider === 'postgresql' ? await createDb(t.database.url) : t.core.db;
  });
  afterAll(async () => {
    if (provider === 'postgresql') await otherDb?.$disconnect();
    await t?.close();
  });

  it('lets exactly one of two instances, asking ten times each at once, post a day', async () => {
    const other = createCore({ db: otherDb, publicUrl: t.core.publicUrl, linkKey: t.core.linkKey });
    const ask = (core: typeof t.core) =>
      claimDailyDigest(core, { accountId: t.account.id, day: '2026-11-30', channel: 'C0STATS' });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 === 0 ? t.core : other)));
    expect(answers.filter((a) => a !== null)).toHaveLength(1);
    expect(await t.core.db.dailyDigest.count()).toBe(1);
    expect(await t.core.db.auditEvent.count({ where: { action: 'slack.digest_posted' } })).toBe(1);
    // Another day is another claim.
    expect(
      await claimDailyDigest(other, { accountId: t.account.id, day: '2026-12-01', channel: 'C0STATS' }),
    ).not.toBeNull();
  });
});
