/**
 * The whole service started in-process on a fresh database, for portal tests:
 * fetch against `app.url` like a browser would, through `PortalBrowser`, which
 * keeps cookies and reads the CSRF field out of each page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { settlePortal } from '../../src/http/portal/register-portal.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { createEmptyDatabase } from './test-database.ts';

export interface PortalApp {
  app: RunningApp;
  url: string;
  logLines: string[];
  /** Waits for the work the portal does after answering (reset links, codes). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startPortalApp(provider: DbProvider, env: Record<string, string> = {}): Promise<PortalApp> {
  const database = await createEmptyDatabase(provider);
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-portal-'));
  const logger = createMemoryLogger();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    PORTAL_NAME: 'Acme Academy',
    RATE_LIMIT_SCALE: '50',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const app = await startApp(config, { logger });
  return {
    app,
    url: app.url,
    logLines: logger.lines,
    settle: () => settlePortal(app.context),
    async close() {
      await app.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PageResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/** A cookie-keeping client that does not follow redirects, so tests see every 303. */
export class PortalBrowser {
  cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  ) {}

  async request(
    method: string,
    path: string,
    form?: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<PageResponse> {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        'user-agent': this.userAgent,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value === '' || attributes.some((a) => /max-age=0$/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      headers: response.headers,
      body: method === 'HEAD' ? '' : await response.text(),
      location: response.headers.get('location'),
    };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  /** Submits a form, adding the CSRF value of the page it came from. */
  post(path: string, form: Record<string, string>, fromPage?: PageResponse, headers?: Record<string, string>) {
    return this.request('POST', path, { ...(fromPage ? { csrf: csrfOf(fromPage) } : {}), ...form }, headers);
  }
}

export function csrfOf(page: PageResponse): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.body);
  if (!match) throw new Error(`no CSRF field on the page (status ${page.status})`);
  return match[1]!;
}
