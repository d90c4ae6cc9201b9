/**
 * The whole service in-process on a real database (SQLite file or a fresh
 * PostgreSQL database), with API keys for the default account and for a
 * second one, and a small fetch wrapper.
 */
import { expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { createApiKey } from '../../src/core/api-keys/create-api-key.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { createEmptyDatabase } from '../support/test-database.ts';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  app: RunningApp;
  logs: string[];
  /** Default account's key. */
  key: string;
  keyId: string;
  /** A second account's key. */
  otherKey: string;
  otherAccountId: string;
  call<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

export async function startApi(provider: DbProvider, env: Record<string, string> = {}): Promise<TestApi> {
  const database = await createEmptyDatabase(provider);
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-api-'));
  const logger = createMemoryLogger();
  const app = await startApp(
    loadConfig({ PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, PUBLIC_URL: 'http://portal.test', ...env }),
    { logger },
  );
  const { core, defaultAccount } = app.context;
  const main = await createApiKey(core, { accountId: defaultAccount.id, name: 'Checkout', actor: 'system' });
  const other = await createAccount(core, {
    slug: 'other',
    name: 'Other portal',
    portalUrl: 'https://other.example.com',
  });
  const otherKey = await createApiKey(core, { accountId: other.id, name: 'Other', actor: 'system' });
  return {
    app,
    logs: logger.lines,
    key: main.key,
    keyId: main.apiKey.id,
    otherKey: otherKey.key,
    otherAccountId: other.id,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? main.key : options.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
      const response = await fetch(`${app.url}/api/v1${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: left as text for the assertion to show
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
    async close() {
      await app.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An operator key (accounts, admins of any account, install links), as `apikey create --operator` makes one. */
export async function createOperatorKey(api: TestApi): Promise<{ key: string; id: string }> {
  const { core, defaultAccount } = api.app.context;
  const created = await createApiKey(core, {
    accountId: defaultAccount.id,
    name: 'Agency ops',
    actor: 'system',
    operator: true,
  });
  expect(created.apiKey.operator).toBe(true);
  return { key: created.key, id: created.apiKey.id };
}
