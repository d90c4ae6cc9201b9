/**
 * bench/redeem: what does the full `POST /l/:token` path cost next to the one
 * database write it cannot avoid?
 *
 * Both servers run in this process on the same SQLite file, each request with
 * a fresh link; the load comes from a separate process (load-generator.mjs):
 *   - full: the service itself (startApp): rate limit, CSRF, then the link
 *     spent, the contact signed in (status, counters, audit) and a session
 *     started in one transaction shared with concurrent clicks, 303.
 *   - baseline: a bare node:http server doing only the single-row conditional
 *     update (`usedAt IS NULL AND revokedAt IS NULL AND expiresAt > now`),
 *     the same SQL through the same Prisma client, answering 303.
 * The machine is shared, so the two alternate over several rounds and the
 * median ratio counts. Prints requests/s of both and their ratio (goal: at
 * least 0.5) at each concurrency, then p50 and p99 latency of both at a fixed
 * offered rate.
 *
 *   npm run bench:redeem
 *   (BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10,50 BENCH_RATE=200)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { startApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { newId } from '../src/core/shared/ids.ts';
import { valuesList } from '../src/db/sql.ts';
import { linkToken, linkTokenHash } from '../src/core/links/link-secrets.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const CONTACTS = 2_000;
const execFileAsync = promisify(execFile);

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
    await core.db.$executeRaw`
      INSERT INTO "LoginToken" ("id", "accountId", "contactId", "purpose", "tokenHash", "expiresAt", "createdBy", "sentVia", "createdAt")
      VALUES ${valuesList(rows.map((row) => [row.id, row.accountId, row.contactId, row.purpose, row.tokenHash, row.expiresAt, row.createdBy, row.sentVia, new Date()]))}`;
  }
}
/** Enough unused links for a run at the fastest rate seen so far, with room to spare. */
let fastestRps = 4000;
async function topUpLinks(seconds: number): Promise<void> {
  const wanted = Math.ceil(fastestRps * seconds * 1.5) - (tokens.length - next);
  if (wanted > 0) await seedLinks(wanted);
}

// --- baseline: the one conditional update, nothing else
const baseline = createServer((req, res) => {
  const token = (req.url ?? '').slice('/l/'.length);
  const now = new Date();
  // The statement the full path spends links with (src/core/links/redeem-links.ts), for one link.
  core.db.$executeRaw`
    UPDATE "LoginToken" SET "usedAt" = ${now}
    WHERE "tokenHash" = ${linkTokenHash(token)} AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}`
    .then((count) => {
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

/** One load run from a separate process (bench/load-generator.mjs), each request with a fresh link. */
async function run(url: string, options: { seconds: number; rate?: number; connections: number }): Promise<Run> {
  await topUpLinks(options.seconds);
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify({ url, ...options, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${csrf}`, tokens: tokens.slice(next) }));
  const { stdout } = await execFileAsync(process.execPath, [fileURLToPath(new URL('./load-generator.mjs', import.meta.url)), planFile], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout) as Run & { tokensUsed: number };
  next += result.tokensUsed;
  fastestRps = Math.max(fastestRps, result.rps);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const statusesOf = (runs: Run[]) => JSON.stringify(runs.reduce<Record<string, number>>((sum, r) => {
  for (const [k, v] of Object.entries(r.statuses)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}, {}));

await run(baselineUrl, { seconds: 2, connections: 10 });
await run(app.url, { seconds: 2, connections: 10 });
console.log(`throughput: ${ROUNDS} alternating rounds of ${SECONDS}s each, fresh link per request; median ratio (goal >= 0.5)`);
for (const connections of CONNECTION_LEVELS) {
  const [bases, fulls]: [Run[], Run[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    bases.push(await run(baselineUrl, { seconds: SECONDS, connections }));
    fulls.push(await run(app.url, { seconds: SECONDS, connections }));
  }
  const ratios = fulls.map((full, i) => full.rps / bases[i]!.rps);
  console.log(`  ${connections} connections:`);
  console.log(`    baseline (node:http + the one conditional update): ${bases.map((r) => r.rps.toFixed(0)).join(' / ')} req/s  ${statusesOf(bases)}`);
  console.log(`    full POST /l/:token (limit, CSRF, redeem, session): ${fulls.map((r) => r.rps.toFixed(0)).join(' / ')} req/s  ${statusesOf(fulls)}`);
  console.log(`    ratio full / baseline: ${ratios.map((r) => r.toFixed(2)).join(' / ')}, median ${median(ratios).toFixed(2)}`);
}

console.log(`latency at a fixed offered rate of ${RATE} req/s for ${SECONDS}s, 10 connections:`);
const baseFixed = await run(baselineUrl, { seconds: SECONDS, rate: RATE, connections: 10 });
const fullFixed = await run(app.url, { seconds: SECONDS, rate: RATE, connections: 10 });
console.log(`  baseline: p50 ${baseFixed.p50} ms, p99 ${baseFixed.p99} ms`);
console.log(`  full:     p50 ${fullFixed.p50} ms, p99 ${fullFixed.p99} ms  ${JSON.stringify(fullFixed.statuses)}`);
const redeemed = await core.db.loginToken.count({ where: { usedAt: { not: null } } });
console.log(`tokens used: ${next}, links spent in the database: ${redeemed}`);

await new Promise<void>((resolve) => baseline.close(() => resolve()));
await app.stop();
rmSync(dir, { recursive: true, force: true });
