import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { bareEnv, repoRoot, startService, type ServiceProcess } from '../support/service-process.ts';

/**
 * `npm run build` output started with plain node (no tsx), from a copy of the
 * package so the build never races other tests that run the source. Issue #13
 * saw the build fail with ENOENT on portal.css and look for migrations in dist/.
 */
describe('the built service, run with plain node', () => {
  let pkg: string;
  let work: string;
  let port: number;
  let service: ServiceProcess;

  beforeAll(async () => {
    pkg = mkdtempSync(join(tmpdir(), 'portal-desk-build-'));
    for (const entry of ['src', 'prisma', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
      cpSync(join(repoRoot, entry), join(pkg, entry), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: pkg,
      stdio: 'pipe',
    });
    // The app's own files come from the package root: drop the sources to prove dist/ does not read them as code.
    rmSync(join(pkg, 'src', 'cli'), { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'portal-desk-build-run-'));
    port = await freePort();
    service = await startService({
      entry: join(pkg, 'dist', 'main.js'),
      cwd: work,
      env: bareEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${join(work, 'portal.db')}`,
        DATA_DIR: work,
        LOG_FORMAT: 'json',
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop('SIGKILL');
    rmSync(pkg, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('emits src only: no tests, benches or scripts in dist/', () => {
    expect(existsSync(join(pkg, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'test'))).toBe(false);
    expect(existsSync(join(pkg, 'dist', 'src'))).toBe(false);
  });

  it('answers /healthz, /readyz, the stylesheet and the front door, and says where it listens', async () => {
    expect(service.stdout()).toContain(`listening  127.0.0.1:${port}`);
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: {
        database: { ok: true },
        migrations: { ok: true, detail: 'all applied' },
        worker: { ok: true },
        slack: { ok: true },
      },
    });
    expect((await fetch(`${base}/portal.css`)).status).toBe(200);
    const door = await fetch(`${base}/`, { redirect: 'manual' });
    expect([door.status, door.headers.get('location')]).toEqual([303, '/login']);
  });

  it('refuses a port in use with one clear line and exit code 1', async () => {
    const second = await startService({
      entry: join(pkg, 'dist', 'main.js'),
      cwd: work,
      env: bareEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${join(work, 'portal.db')}`,
        DATA_DIR: work,
        LOG_FORMAT: 'json',
      }),
    });
    expect(await second.exited).toBe(1);
    expect(second.stderr().trim()).toBe(
      `Portal Desk cannot start: port ${port} is already in use (127.0.0.1 port ${port}). Stop what uses it, or set PORT to a free port.`,
    );
    expect(second.stdout()).toBe('');
  });

  it('stops on SIGTERM with exit code 0, logging JSON', async () => {
    expect(await service.stop('SIGTERM')).toBe(0);
    const lines = service.stderr().trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      level: 'info',
      msg: expect.stringContaining('SIGTERM: shutting down'),
    });
  });
});
