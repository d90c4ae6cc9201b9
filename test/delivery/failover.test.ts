/**
 * Issue 10, item 2: two service processes on one PostgreSQL database; the one
 * holding claims is SIGKILLed mid-bulk while the provider answers slowly.
 * The other delivers everything exactly once, and takes the first of the dead
 * one's groups over within 30 s of the kill (default OUTBOX_LEASE_SECONDS).
 * The same scenario is bench/failover.ts.
 */
import { describe, expect, it } from 'vitest';
import { runFailover } from '../../bench/failover-scenario.ts';

const adminUrl = process.env.TEST_POSTGRES_URL;

describe.skipIf(!adminUrl)('failover between two service processes on PostgreSQL', () => {
  it('delivers every invite exactly once and takes the dead process claims over within 30 s', {
    timeout: 240_000,
  }, async () => {
    const result = await runFailover({ postgresAdminUrl: adminUrl!, count: 200 });
    expect(result.groupsTakenOver).toBeGreaterThan(0);
    expect(result.perRecipient.size).toBe(200);
    expect([...result.perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(result.failoverSeconds).toBeLessThan(30);
  });
});
