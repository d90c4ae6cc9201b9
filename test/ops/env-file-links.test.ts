import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { bareEnv, repoRoot, runCliProcess, startService, type ServiceProcess } from '../support/service-process.ts';

/**
 * Issue #13: the CLI printed http://localhost:3000 links while the service ran
 * on another port. Here only a .env file configures both; neither process
 * inherits anything from the test runner's environment.
 */
describe('one configuration: the service and the CLI read the same .env', () => {
  let dir: string;
  let port: number;
  let service: ServiceProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-env-'));
    port = await freePort();
    writeFileSync(
      join(dir, '.env'),
      [
        `PORT=${port}`,
        'DATABASE_URL=file:./data/portal.db',
        'DATA_DIR=./data',
        'PORTAL_NAME="Acme Academy"',
        'LOG_LEVEL=warn',
      ].join('\n'),
    );
    service = await startService({ entry: `${repoRoot}src/main.ts`, cwd: dir });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds links on the port from .env, in the CLI and in the emails the service sends', async () => {
    expect(service.stdout()).toContain(`listening  all interfaces, port ${port}`);
    // An invitation queued by the CLI is sent by the service with a link to the service's port.
    expect(runCliProcess(['invite', 'ana@example.com'], { cwd: dir }).code).toBe(0);
    const html = await waitForFile(join(dir, 'data', 'outbox'), '.email.html');
    expect(html).toContain(`http://localhost:${port}/l/`);

    const printed = runCliProcess(['magiclink', 'ana@example.com', '--json'], { cwd: dir });
    expect(printed.err).toBe('');
    const url = (JSON.parse(printed.out) as { url: string }).url;
    expect(url).toMatch(new RegExp(`^http://localhost:${port}/l/[\\w-]{43}$`));
    // The link works on the running service.
    const page = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Acme Academy');
  });

  it('without PUBLIC_URL or .env, the CLI uses the URL the service stored, never a guessed localhost:3000', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'portal-desk-env-other-'));
    mkdirSync(join(elsewhere, 'sub'));
    try {
      const printed = runCliProcess(['magiclink', 'ana@example.com', '--json'], {
        cwd: join(elsewhere, 'sub'),
        env: bareEnv({ DATABASE_URL: `file:${join(dir, 'data', 'portal.db')}`, DATA_DIR: join(dir, 'data') }),
      });
      expect(printed.err).toBe('');
      expect((JSON.parse(printed.out) as { url: string }).url).toMatch(new RegExp(`^http://localhost:${port}/l/`));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('lets the real environment win over .env', () => {
    const printed = runCliProcess(['magiclink', 'ana@example.com', '--json'], {
      cwd: dir,
      env: bareEnv({ PUBLIC_URL: 'https://desk.example.com' }),
    });
    expect((JSON.parse(printed.out) as { url: string }).url).toMatch(/^https:\/\/desk\.example\.com\/l\//);
  });
});

async function waitForFile(dir: string, suffix: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const file = (() => {
      try {
        return readdirSync(dir).find((f) => f.endsWith(suffix));
      } catch {
        return undefined;
      }
    })();
    if (file) return readFileSync(join(dir, file), 'utf8');
    if (Date.now() > deadline) throw new Error(`no *${suffix} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
