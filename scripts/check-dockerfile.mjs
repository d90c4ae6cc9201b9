#!/usr/bin/env node
// Checks the Dockerfile without Docker (these machines cannot pull images): clones the repository's
// committed HEAD into a temporary directory and runs the Dockerfile's own steps there, stage by stage.
// WORKDIR, COPY (also --from=<stage>), ENV and RUN are carried out; each stage's "/" is a directory of
// its own. Steps that change the operating system (apt-get, chown, USER) are listed as skipped: they need
// root inside an image. Finally the runtime stage's CMD is started with its ENV (paths moved under the
// stage's directory) and must answer /healthz and /readyz.
// Usage: npm run check:docker [-- --keep]   (takes minutes: npm ci compiles better-sqlite3 here)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const root = mkdtempSync(join(tmpdir(), 'portal-desk-docker-check-'));
const context = join(root, 'context');
const log = (line) => process.stdout.write(`${line}\n`);

execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo, context], { stdio: 'inherit' });
const dockerfile = readFileSync(join(context, 'Dockerfile'), 'utf8')
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

const stages = new Map();
let stage;
const skipped = [];
const osCommand = /^(apt-get|apk|useradd|groupadd|chown|mkdir -p \/|chmod)/;

for (const line of dockerfile) {
  const [instruction, ...restParts] = line.split(' ');
  const rest = restParts.join(' ');
  switch (instruction.toUpperCase()) {
    case 'FROM': {
      const name = /\bAS\s+(\S+)/i.exec(rest)?.[1] ?? `stage${stages.size}`;
      stage = { name, dir: join(root, 'stages', name), workdir: '/', env: {} };
      mkdirSync(stage.dir, { recursive: true });
      stages.set(name, stage);
      log(`\n== stage ${name} (${rest.split(' ')[0]})`);
      break;
    }
    case 'WORKDIR':
      stage.workdir = rest;
      mkdirSync(join(stage.dir, rest), { recursive: true });
      break;
    case 'ENV':
      for (const [, key, value] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[key] = value;
      break;
    case 'COPY': {
      const parts = rest.split(' ').filter(Boolean);
      const from = parts[0].startsWith('--from=') ? stages.get(parts.shift().slice('--from='.length)) : undefined;
      const dest = parts.pop();
      const destDir = join(stage.dir, dest.startsWith('/') ? dest : join(stage.workdir, dest));
      for (const source of parts) {
        const path = from ? join(from.dir, source) : join(context, source);
        if (!existsSync(path)) throw new Error(`COPY ${source}: not found`);
        const target = dest.endsWith('/') ? join(destDir, source.split('/').pop()) : destDir;
        cpSync(path, target, { recursive: true, verbatimSymlinks: true });
      }
      log(`COPY ${rest}`);
      break;
    }
    case 'RUN': {
      if (osCommand.test(rest)) {
        skipped.push(`${stage.name}: RUN ${rest}`);
        log(`(skipped, needs root in an image) RUN ${rest}`);
        break;
      }
      log(`RUN ${rest}`);
      execFileSync('bash', ['-euo', 'pipefail', '-c', rest], {
        cwd: join(stage.dir, stage.workdir),
        stdio: 'inherit',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_prefer_offline: 'true', ...stage.env },
      });
      break;
    }
    case 'USER':
    case 'VOLUME':
    case 'EXPOSE':
    case 'HEALTHCHECK':
      skipped.push(`${stage.name}: ${line}`);
      break;
    case 'CMD':
      stage.cmd = JSON.parse(rest);
      break;
    default:
      throw new Error(`scripts/check-dockerfile.mjs does not know ${instruction}`);
  }
}

// Start the last stage's CMD with its ENV; absolute paths in ENV move under the stage's directory.
const runtime = [...stages.values()].at(-1);
const port = 30000 + Math.floor(Math.random() * 20000);
const env = Object.fromEntries(
  Object.entries(runtime.env).map(([key, value]) => [
    key,
    value.replace(/^(file:)?\//, (_, file) => `${file ?? ''}${runtime.dir}/`),
  ]),
);
mkdirSync(join(runtime.dir, 'data'), { recursive: true });
log(`\n== CMD ${runtime.cmd.join(' ')} on port ${port}`);
const child = spawn(runtime.cmd[0] === 'node' ? process.execPath : runtime.cmd[0], runtime.cmd.slice(1), {
  cwd: join(runtime.dir, runtime.workdir),
  env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let ok = false;
try {
  for (let i = 0; i < 120 && !ok; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    const ready = health?.ok ? await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined) : undefined;
    ok = health?.ok === true && ready?.ok === true;
  }
} finally {
  child.kill('SIGTERM');
}
log(`\nskipped (operating system steps):\n${skipped.map((s) => `  ${s}`).join('\n')}`);
log(
  ok
    ? 'Dockerfile steps: OK, the runtime stage answers /healthz and /readyz'
    : 'Dockerfile steps: FAILED, no healthy answer',
);
if (!keep) rmSync(root, { recursive: true, force: true });
else log(`kept ${root}`);
process.exitCode = ok ? 0 : 1;
