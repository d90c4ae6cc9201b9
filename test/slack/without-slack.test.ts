import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { normaliseApiUrl } from '../../src/slack/app.ts';
import { createEmptyDatabase } from '../support/test-database.ts';

it('runs without Slack settings, and the banner says how to connect', async () => {
  const database = await createEmptyDatabase('sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-noslack-'));
  const app = await startApp(loadConfig({ PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir }), {
    logger: createMemoryLogger(),
  });
  try {
    const slack = app.integrations.find((i) => i.name === 'slack');
    expect(slack).toMatchObject({ on: false });
    expect(slack!.detail).toContain('SLACK_BOT_TOKEN');
    expect(slack!.detail).toContain('Connect Slack in five minutes');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  } finally {
    await app.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('normalises SLACK_API_URL to end with /api/', () => {
  expect(normaliseApiUrl('http://127.0.0.1:9/api')).toBe('http://127.0.0.1:9/api/');
  expect(normaliseApiUrl('http://127.0.0.1:9/api/')).toBe('http://127.0.0.1:9/api/');
  expect(normaliseApiUrl('http://127.0.0.1:9')).toBe('http://127.0.0.1:9/api/');
  expect(normaliseApiUrl(undefined)).toBeUndefined();
});
