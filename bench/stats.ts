/**
 * bench/stats: does the stats call stay flat as an account grows?
 *
 * Seeds 10,000 contacts on SQLite, times countPortalUsers, grows the same
 * account to 1,000,000 contacts, times it again, and prints both medians and
 * their ratio (goal: at most 3). Seeding writes rows directly with
 * better-sqlite3 (Prisma would take minutes for a million), then rebuilds the
 * counters with the same SQL shape the core maintains.
 *
 *   npm run bench:stats            (BENCH_LARGE=200000 for a quicker run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/client.ts';
import { createCore } from '../src/core/core.ts';
import { ensureDefaultAccount } from '../src/core/accounts/ensure-default-account.ts';
import { countPortalUsers } from '../src/core/stats/count-portal-users.ts';

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const RUNS = 41;
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bench-'));
const url = `file:${join(dir, 'bench.db')}`;
await migrate(url);
const db = await createDb(url);
const core = createCore({ db, publicUrl: 'http://bench.test', linkKey: randomBytes(32) });
const account = await ensureDefaultAccount(core);
const raw = new Database(url.slice('file:'.length));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = OFF');

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const now = Date.now();

/** Adds contacts up to `target`: 40% invited over the last 30 days, 30% active, 30% none; one sign-in link per 10 contacts. */
function seed(from: number, target: number): void {
  const insertContact = raw.prepare(
    `INSERT INTO Contact (id, accountId, email, status, invitedAt, activatedAt, createdAt, updatedAt, failedSignIns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const insertLink = raw.prepare(
    `INSERT INTO LoginToken (id, accountId, contactId, purpose, tokenHash, section, expiresAt, usedAt, createdBy, sentVia, createdAt, codeAttempts) VALUES (?, ?, ?, 'invite', ?, 'portal', ?, ?, 'system', 'email', ?, 0)`,
  );
  const batch = raw.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const id = `c${i.toString(36).padStart(8, '0')}`;
      const roll = i % 10;
      const status = roll < 4 ? 'invited' : roll < 7 ? 'active' : 'none';
      const invitedAt = status === 'none' ? null : iso(now - ((i * 2654435761) % (30 * DAY)));
      insertContact.run(
        id,
        account.id,
        `user${i}@bench.test`,
        status,
        invitedAt,
        status === 'active' ? invitedAt : null,
        iso(now),
        iso(now),
      );
      if (i % 10 === 0) {
        const createdAt = now - ((i * 2246822519) % (30 * DAY));
        insertLink.run(
          `l${id}`,
          account.id,
          id,
          randomBytes(24).toString('base64url'),
          iso(createdAt + 7 * DAY),
          i % 20 === 0 ? iso(createdAt + 3_600_000) : null,
          iso(createdAt),
        );
      }
    }
  });
  for (let start = from; start < target; start += 50_000) batch(start, Math.min(start + 50_000, target));
  // The counters the core keeps with every change, rebuilt for the seeded rows.
  raw.exec(`
    UPDATE Account SET
      invitedCount = (SELECT COUNT(*) FROM Contact WHERE accountId = Account.id AND status = 'invited'),
      activeCount = (SELECT COUNT(*) FROM Contact WHERE accountId = Account.id AND status = 'active');
    DELETE FROM InviteDayCount;
    INSERT INTO InviteDayCount (accountId, day, count)
      SELECT accountId, substr(invitedAt, 1, 10), COUNT(*) FROM Contact WHERE status = 'invited' GROUP BY accountId, substr(invitedAt, 1, 10);
    DELETE FROM LinkDayCount;
    INSERT INTO LinkDayCount (accountId, day, created, sent, redeemed)
      SELECT accountId, day, SUM(c), SUM(c), SUM(r) FROM (
        SELECT accountId, substr(createdAt, 1, 10) AS day, 1 AS c, 0 AS r FROM LoginToken
        UNION ALL SELECT accountId, substr(usedAt, 1, 10), 0, 1 FROM LoginToken WHERE usedAt IS NOT NULL)
      GROUP BY accountId, day;
    ANALYZE;`);
}

async function medianMs(): Promise<{ median: number; stats: Awaited<ReturnType<typeof countPortalUsers>> }> {
  for (let i = 0; i < 5; i++) await countPortalUsers(core, { accountId: account.id });
  const times: number[] = [];
  let stats = await countPortalUsers(core, { accountId: account.id });
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    stats = await countPortalUsers(core, { accountId: account.id });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, stats };
}

try {
  let started = Date.now();
  seed(0, SMALL);
  console.log(`seeded ${SMALL.toLocaleString()} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const small = await medianMs();
  started = Date.now();
  seed(SMALL, LARGE);
  console.log(`seeded ${LARGE.toLocaleString()} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const large = await medianMs();
  const ratio = large.median / small.median;
  console.log(
    `stats at ${SMALL.toLocaleString()} contacts: median ${small.median.toFixed(2)} ms (invited ${small.stats.invited}, active ${small.stats.active}, stale ${small.stats.invitedNeverActive})`,
  );
  console.log(
    `stats at ${LARGE.toLocaleString()} contacts: median ${large.median.toFixed(2)} ms (invited ${large.stats.invited}, active ${large.stats.active}, stale ${large.stats.invitedNeverActive})`,
  );
  console.log(`ratio ${ratio.toFixed(2)} (goal <= 3): ${ratio <= 3 ? 'met' : 'NOT met'}`);
} finally {
  raw.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
