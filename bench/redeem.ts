/**
 * bench/redeem: what does the full `POST /l/:token` path cost next to the one
 * database write it cannot avoid?
 *
 * Both servers run in this process on the same SQLite file, each request with
 * a fresh token:
 *   - full: the service itself (startApp): rate limit (database store), CSRF,
 *     redeemLink (conditional update, counters, audit), a new session, 303.
 *   - baseline: a bare node:http server doing only the single-row conditional
 *     update (`usedAt IS NULL AND revokedAt IS NULL AND expiresAt > now`)
 *     through the same Prisma client, answering 303.
 * Prints requests/s of both and their ratio (goal: at least 0.5), then p50 and
 * p99 latency of both at a fixed offered rate.
 *
 *   npm run bench:redeem      (BENCH_SECONDS=10 BENCH_RATE=200 BENCH_CONNECTIONS=10)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { startApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { newId } from '../src/core/shared/ids.ts';
import { linkToken, linkTokenHash } from '../src/core/links/link-secrets.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CONTACTS = 2_000;

const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bench-redeem-'));
const app = await startApp(
  loadConfig({ PORT: '0', DATABASE_URL: `file:${join(dir, 'bench.db')}`, DATA_DIR: dir, RATE_LIMIT_SCALE: '1000000', LOG_LEVEL: 'error' }),
  { logger: createLogger({ level: 'error' }) },
);
const { core } = app.context;
const accountId = app.context.defaultAccount.id;

// --- seed: contacts, and one fresh link per request to come (topped up before each run, never during)
console.log(`seeding ${CONTACTS} contacts…`);
const contactIds = Array.from({ length: CONTACTS }, () => newId());
for (let i = 0; i < CONTACTS; i += 500) {
  await core.db.contact.createMany({ data: contactIds.slice(i, i + 500).map((id, j) => ({ id, accountId, email: `bench${i + j}@example.com`, status: 'invited', invitedAt: new Date() })) });
}
await core.db.account.update({ where: { id: accountId }, data: { invitedCount: CONTACTS } });
const expiresAt = new Date(Date.now() + 24 * 3600_000);
const tokens: string[] = [];
let next = 0;
let seeded = 0;
async function seedLinks(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, () => {
      const id = newId();
      const token = linkToken(core.linkKey, id);
      tokens.push(token);
      return { id, accountId, contactId: contactIds[seeded++ % CONTACTS]!, purpose: 'login', tokenHash: linkTokenHash(token), expiresAt, createdBy: 'system', sentVia: 'email' };
    });
    await core.db.loginToken.createMany({ data: rows });
  }
}
/** Enough unused links for a run at the fastest rate seen so far, with room to spare. */
let fastestRps = 1000;
async function topUpLinks(seconds: number): Promise<void> {
  const wanted = Math.ceil(fastestRps * seconds * 1.5) - (tokens.length - next);
  if (wanted > 0) await seedLinks(wanted);
}
const freshToken = () => {
  if (next >= tokens.length) throw new Error('out of links: the run was faster than topUpLinks planned for');
  return tokens[next++]!;
};

// --- baseline: the one conditional update, nothing else
const baseline = createServer((req, res) => {
  const token = (req.url ?? '').slice('/l/'.length);
  const now = new Date();
  core.db.loginToken
    .updateMany({ where: { tokenHash: linkTokenHash(token), usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
    .then(({ count }) => {
      res.writeHead(count === 1 ? 303 : 410, { location: '/portal' }).end();
    })
    .catch(() => res.writeHead(500).end());
  req.resume();
});
await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;

// --- one browser's CSRF cookie and form value, reused for every POST (the double-submit check still runs each time)
const login = await fetch(`${app.url}/login`);
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())![1]!;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

async function run(url: string, options: { seconds: number; rate?: number; connections: number }): Promise<Run> {
  await topUpLinks(options.seconds);
  const result = await autocannon({
    url,
    duration: options.seconds,
    connections: options.connections,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `csrf=${csrf}`,
        setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/l/${freshToken()}` }),
      },
    ],
  });
  const statuses = { '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'], errors: result.errors, timeouts: result.timeouts };
  fastestRps = Math.max(fastestRps, result.requests.average);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses };
}

const warmup = { seconds: 2, connections: CONNECTIONS };
await run(baselineUrl, warmup);
await run(app.url, warmup);
console.log(`throughput: ${SECONDS}s each, ${CONNECTIONS} connections, fresh token per request`);
const base = await run(baselineUrl, { seconds: SECONDS, connections: CONNECTIONS });
const full = await run(app.url, { seconds: SECONDS, connections: CONNECTIONS });
console.log(`  baseline (node:http + one conditional update): ${base.rps.toFixed(0)} req/s  ${JSON.stringify(base.statuses)}`);
console.log(`  full POST /l/:token (limit, CSRF, redeem, session): ${full.rps.toFixed(0)} req/s  ${JSON.stringify(full.statuses)}`);
console.log(`  ratio full / baseline: ${(full.rps / base.rps).toFixed(2)} (goal >= 0.5)`);

console.log(`latency at a fixed offered rate of ${RATE} req/s for ${SECONDS}s:`);
const baseFixed = await run(baselineUrl, { seconds: SECONDS, rate: RATE, connections: CONNECTIONS });
const fullFixed = await run(app.url, { seconds: SECONDS, rate: RATE, connections: CONNECTIONS });
console.log(`  baseline: p50 ${baseFixed.p50} ms, p99 ${baseFixed.p99} ms`);
console.log(`  full:     p50 ${fullFixed.p50} ms, p99 ${fullFixed.p99} ms  ${JSON.stringify(fullFixed.statuses)}`);
const redeemed = await core.db.loginToken.count({ where: { usedAt: { not: null } } });
console.log(`tokens used: ${next}, links spent in the database: ${redeemed}`);

await new Promise<void>((resolve) => baseline.close(() => resolve()));
await app.stop();
rmSync(dir, { recursive: true, force: true });
