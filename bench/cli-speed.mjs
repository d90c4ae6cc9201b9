#!/usr/bin/env node
// CLI start-up time, as a person feels it: `portal-desk --help` and `portal-desk stats` through
// bin/portal-desk.mjs, compiled (`npm run build` first) and through tsx. Targets (issue #13):
// --help under 1 s and stats under 2 s on a 2-core machine. A bare `node -e ''` is measured in the
// same run as the baseline, so a busy machine shows up as a higher baseline, not as a slower CLI.
// Usage: npm run build && npm run bench:cli [-- --runs 7]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('dist/cli/main.js is missing: run `npm run build` first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bench-cli-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: `file:${join(dir, 'portal.db')}`,
  DATA_DIR: dir,
  PUBLIC_URL: 'http://localhost:3000',
};

function time(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], max: samples.at(-1) };
}

const bin = join(root, 'bin/portal-desk.mjs');
const tsxCli = ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/main.ts')];
// The first stats run creates and migrates the database; not counted.
execFileSync(process.execPath, [bin, 'stats'], { cwd: dir, env });
const rows = [
  ['node -e "" (baseline)', time(['-e', ''])],
  ['portal-desk --help (compiled)', time([bin, '--help'])],
  ['portal-desk stats (compiled)', time([bin, 'stats'])],
  ['--help through tsx', time([...tsxCli, '--help'])],
  ['stats through tsx', time([...tsxCli, 'stats'])],
];
rmSync(dir, { recursive: true, force: true });
const baseline = rows[0][1].median;
console.log(`CLI start-up, ${runs} runs each, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
for (const [name, { median, max }] of rows) {
  console.log(
    `  ${name.padEnd(32)} median ${median.toFixed(0).padStart(5)} ms   max ${max.toFixed(0).padStart(5)} ms   ${(median / baseline).toFixed(1)}x baseline`,
  );
}
const help = rows[1][1].median;
const stats = rows[2][1].median;
console.log(
  `targets: --help < 1000 ms ${help < 1000 ? 'met' : 'MISSED'}, stats < 2000 ms ${stats < 2000 ? 'met' : 'MISSED'}`,
);
process.exitCode = help < 1000 && stats < 2000 ? 0 : 1;
