/**
 * bench/redeem: what does the full `POST /l/:token` path cost next to the
 * least a server must do to redeem a link?
 *
 *   - full: the service itself (startApp), in this process: rate limit, CSRF,
 *     then the link spent, the contact signed in (status, counters, audit) and
 *     a session started in one transaction shared with concurrent clicks, 303.
 *   - baseline: a bare node:http server in its own process
 *     (bench/bare-redeem-server.mjs): the conditional `UPDATE … RETURNING`
 *     that spends the link plus the session INSERT, in one transaction,
 *     straight through the driver (better-sqlite3; pg with a pool of the
 *     service's size and named prepared statements), 303.
 *
 * Both on the same database, each request with a fresh link and the CSRF
 * cookie and form value; the load comes from a third process
 * (load-generator.mjs). The machine is shared, so the two alternate over
 * several rounds and the median ratio counts. Prints requests/s of both,
 * their ratio (goal: at least 0.5) and the CPU time each server process spent
 * per redemption at each concurrency, then p50/p99 at a fixed offered rate
 * (goal: full p99 under 50 ms at 500/s). On PostgreSQL the CPU figures are
 * the Node process's; the database server's own CPU per redemption (all its
 * processes on this machine, read from /proc) is printed beside them.
 *
 *   npm run bench:redeem              SQLite (WAL, synchronous=NORMAL)
 *   npm run bench:redeem-pg           PostgreSQL (or --pg; BENCH_POSTGRES_URL,
 *                                     default postgresql://postgres@127.0.0.1:5432/postgres)
 *   (BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10,50 BENCH_RATE=500)
 *   BENCH_PROFILE=1: the full server's first run at the highest connection
 *   level runs under the inspector's CPU profiler (as node --cpu-prof would)
 *   and writes redeem-<db>-<time>.cpuprofile into the working directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { startApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { newId } from '../src/core/shared/ids.ts';
import { valuesList } from '../src/db/sql.ts';
import { sqlitePath } from '../src/db/client.ts';
import { linkToken, linkTokenHash } from '../src/core/links/link-secrets.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const POSTGRES = process.argv.includes('--pg') || process.env.BENCH_DB === 'postgresql';
/** The service's PostgreSQL pool (src/db/client.ts); the bare server gets the same. */
const POOL_SIZE = 10;
const CONTACTS = 2_000;
const execFileAsync = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bench-redeem-'));
let databaseUrl = `file:${join(dir, 'bench.db')}`;
let dropDatabase = async () => {};
if (POSTGRES) {
  const adminUrl =
    process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `portal_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
console.log(`database: ${POSTGRES ? `PostgreSQL (pool ${POOL_SIZE})` : 'SQLite (WAL, synchronous=NORMAL)'}`);
const app = await startApp(
  loadConfig({ PORT: '0', DATABASE_URL: databaseUrl, DATA_DIR: dir, RATE_LIMIT_SCALE: '1000000', LOG_LEVEL: 'error' }),
  { logger: createLogger({ level: 'error' }) },
);
const { core } = app.context;
const accountId = app.context.defaultAccount.id;

// --- seed: contacts, and one fresh link per request to come (topped up before each run, never during)
console.log(`seeding ${CONTACTS} contacts…`);
const contactIds = Array.from({ length: CONTACTS }, () => newId());
for (let i = 0; i < CONTACTS; i += 500) {
  await core.db.contact.createMany({
    data: contactIds.slice(i, i + 500).map((id, j) => ({
      id,
      accountId,
      email: `bench${i + j}@example.com`,
      status: 'invited',
      invitedAt: new Date(),
    })),
  });
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
      return {
        id,
        accountId,
        contactId: contactIds[seeded++ % CONTACTS]!,
        purpose: 'login',
        tokenHash: linkTokenHash(token),
        expiresAt,
        createdBy: 'system',
        sentVia: 'email',
      };
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

// --- baseline: the bare server, in its own process
const bare = spawn(
  process.execPath,
  [
    fileURLToPath(new URL('./bare-redeem-server.mjs', import.meta.url)),
    POSTGRES ? 'postgresql' : 'sqlite',
    POSTGRES ? databaseUrl : sqlitePath(databaseUrl),
    String(POOL_SIZE),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [baselineUrl] = (await once(createInterface({ input: bare.stdout! }), 'line')) as [string];

/** CPU microseconds (user + system) the server process behind this URL has used so far. */
async function cpuOf(url: string): Promise<number> {
  if (url === app.url) {
    const used = process.cpuUsage();
    return used.user + used.system;
  }
  const used = (await (await fetch(`${url}/cpu`)).json()) as { user: number; system: number };
  return used.user + used.system;
}

/**
 * CPU microseconds all PostgreSQL server processes on this machine have used so far (0 on SQLite, or
 * where /proc cannot tell): the database's side of a redemption, which the Node figures leave out.
 */
function databaseCpu(): number {
  if (!POSTGRES) return 0;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // a process that ended meanwhile
    }
  }
  return ticks * 10_000; // USER_HZ is 100 on Linux
}

// --- one browser's CSRF cookie and form value, reused for every POST (the double-submit check still runs each time)
const login = await fetch(`${app.url}/login`);
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())![1]!;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** CPU ms of the server process per 303. */
  cpuMs: number;
  /** The same, less the server's idle background CPU over the run. */
  netCpuMs: number;
  /** CPU ms of the PostgreSQL server per 303 (0 on SQLite). */
  databaseCpuMs: number;
}

let idleCpuMsPerS = 0;

/** BENCH_PROFILE: the full server's first run at the highest connection level, under the CPU profiler. */
const profiler = process.env.BENCH_PROFILE ? new Session() : undefined;
let profiled = false;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
}

/** One load run from a separate process (bench/load-generator.mjs), each request with a fresh link. */
async function run(url: string, options: { seconds: number; rate?: number; connections: number }): Promise<Run> {
  await topUpLinks(options.seconds);
  const planFile = join(dir, 'plan.json');
  writeFileSync(
    planFile,
    JSON.stringify({
      url,
      ...options,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${csrf}`,
      tokens: tokens.slice(next),
    }),
  );
  const profiling =
    profiler &&
    url === app.url &&
    !profiled &&
    !options.rate &&
    options.connections === Math.max(...CONNECTION_LEVELS) &&
    options.seconds === SECONDS;
  if (profiling) await profiler.post('Profiler.start');
  const cpuBefore = await cpuOf(url);
  const databaseBefore = databaseCpu();
  const { stdout } = await execFileAsync(
    process.execPath,
    [fileURLToPath(new URL('./load-generator.mjs', import.meta.url)), planFile],
    { maxBuffer: 1 << 20 },
  );
  const cpuAfter = await cpuOf(url);
  const databaseCpuMs = (databaseCpu() - databaseBefore) / 1000;
  if (profiling) {
    profiled = true;
    const { profile } = await profiler.post('Profiler.stop');
    const file = `redeem-${POSTGRES ? 'pg' : 'sqlite'}-${Date.now()}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.log(`      (CPU profile of this run of the full server: ${file})`);
  }
  const result = JSON.parse(stdout) as Omit<Run, 'cpuMs' | 'netCpuMs'> & { tokensUsed: number };
  next += result.tokensUsed;
  fastestRps = Math.max(fastestRps, result.rps);
  const redemptions = Math.max(1, result.statuses['3xx'] ?? 0);
  const cpuMs = (cpuAfter - cpuBefore) / 1000;
  const idleMs = url === app.url ? idleCpuMsPerS * options.seconds : 0;
  return {
    ...result,
    cpuMs: cpuMs / redemptions,
    netCpuMs: Math.max(0, cpuMs - idleMs) / redemptions,
    databaseCpuMs: databaseCpuMs / redemptions,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const statusesOf = (runs: Run[]) =>
  JSON.stringify(
    runs.reduce<Record<string, number>>((sum, r) => {
      for (const [k, v] of Object.entries(r.statuses)) sum[k] = (sum[k] ?? 0) + v;
      return sum;
    }, {}),
  );

await run(baselineUrl, { seconds: 2, connections: 10 });
await run(app.url, { seconds: 2, connections: 10 });
// The service does work of its own while idle (outbox and bulk-job polling); the bare server does none.
// Measured here so that CPU per redemption can be read net of it.
const idleStart = await cpuOf(app.url);
const idleSince = performance.now();
await new Promise((resolve) => setTimeout(resolve, 3000));
idleCpuMsPerS = ((await cpuOf(app.url)) - idleStart) / (performance.now() - idleSince);
console.log(`full server idle (background work): ${idleCpuMsPerS.toFixed(1)} CPU ms/s`);
console.log(
  `throughput: ${ROUNDS} alternating rounds of ${SECONDS}s each, fresh link per request; median ratio (goal >= 0.5)`,
);
for (const connections of CONNECTION_LEVELS) {
  const [bases, fulls]: [Run[], Run[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    bases.push(await run(baselineUrl, { seconds: SECONDS, connections }));
    fulls.push(await run(app.url, { seconds: SECONDS, connections }));
  }
  const ratios = fulls.map((full, i) => full.rps / bases[i]!.rps);
  const cpu = (runs: Run[]) =>
    `${runs.map((r) => r.cpuMs.toFixed(3)).join(' / ')} CPU ms per redemption (median ${median(runs.map((r) => r.cpuMs)).toFixed(3)}; net of idle background ${median(runs.map((r) => r.netCpuMs)).toFixed(3)})${POSTGRES ? `; PostgreSQL server ${median(runs.map((r) => r.databaseCpuMs)).toFixed(3)}` : ''}`;
  console.log(`  ${connections} connections:`);
  console.log(
    `    baseline (node:http + ${POSTGRES ? 'pg' : 'better-sqlite3'}, UPDATE … RETURNING + session INSERT): ${bases.map((r) => r.rps.toFixed(0)).join(' / ')} req/s  ${statusesOf(bases)}`,
  );
  console.log(`      ${cpu(bases)}`);
  console.log(
    `    full POST /l/:token (limit, CSRF, redeem, session): ${fulls.map((r) => r.rps.toFixed(0)).join(' / ')} req/s  ${statusesOf(fulls)}`,
  );
  console.log(`      ${cpu(fulls)}`);
  console.log(
    `    ratio full / baseline: ${ratios.map((r) => r.toFixed(2)).join(' / ')}, median ${median(ratios).toFixed(2)}`,
  );
}

console.log(
  `latency at a fixed offered rate of ${RATE} req/s for ${SECONDS}s, 10 connections (goal: full p99 < 50 ms):`,
);
const baseFixed = await run(baselineUrl, { seconds: SECONDS, rate: RATE, connections: 10 });
const fullFixed = await run(app.url, { seconds: SECONDS, rate: RATE, connections: 10 });
console.log(`  baseline: p50 ${baseFixed.p50} ms, p99 ${baseFixed.p99} ms  ${JSON.stringify(baseFixed.statuses)}`);
console.log(`  full:     p50 ${fullFixed.p50} ms, p99 ${fullFixed.p99} ms  ${JSON.stringify(fullFixed.statuses)}`);

const redeemed = await core.db.loginToken.count({ where: { usedAt: { not: null } } });
const sessions = await core.db.session.count();
console.log(`tokens used: ${next}, links spent in the database: ${redeemed}, sessions: ${sessions}`);

bare.kill('SIGTERM');
await once(bare, 'exit');
await app.stop();
await dropDatabase();
rmSync(dir, { recursive: true, force: true });
