/**
 * bench/failover: two service processes on one PostgreSQL database, one
 * SIGKILLed with a batch in flight at a provider answering in 1.5 s
 * (bench/failover-scenario.ts). Prints `failover: N s`, from the kill to the
 * first re-send of a group the dead process held, with default settings.
 * Goal: at most 30 s (OUTBOX_LEASE_SECONDS). Run: npm run bench:failover
 * (BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { runFailover } from './failover-scenario.ts';

const result = await runFailover({
  postgresAdminUrl: process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
});
const twice = [...result.perRecipient.values()].filter((n) => n !== 1).length;
console.log(
  `emails: ${result.perRecipient.size} recipients of ${result.count}, ${twice} not exactly once; groups taken over: ${result.groupsTakenOver}`,
);
console.log(`failover: ${result.failoverSeconds.toFixed(1)} s`);
