/**
 * Issue #11, finding 1: no live token, code, API key or webhook secret at
 * rest, idempotency replays included. The database's files (SQLite: main,
 * WAL, shared memory, rate-limit companion) and table contents (PostgreSQL)
 * are searched for every secret the test was handed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { sqlitePath } from '../../src/db/client.ts';
import { sweepIdempotentRequests } from '../../src/core/idempotency/run-idempotent.ts';
import { newId } from '../../src/core/shared/ids.ts';

/** Everything stored, as one searchable text per place. */
async function storedContents(api: TestApi): Promise<Array<{ where: string; text: string }>> {
  const url = api.app.context.config.databaseUrl;
  if (api.app.context.config.database === 'sqlite') {
    const dir = dirname(sqlitePath(url));
    return readdirSync(dir).map((file) => ({ where: file, text: readFileSync(`${dir}/${file}`).toString('latin1') }));
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const out: Array<{ where: string; text: string }> = [];
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`SELECT t::text AS row FROM "${tablename}" t`);
      out.push({ where: tablename, text: rows.rows.map((r) => r.row).join('\n') });
    }
    return out;
  } finally {
    await client.end();
  }
}

describe.each(testProviders)('secrets at rest on %s (finding 1)', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
  });
  afterAll(() => api?.close());

  it('keeps no handed-out secret in the database, and replays idempotent answers exactly', async () => {
    const handedOut: string[] = [api.key, api.otherKey];
    const contact = await api.call('POST', '/contacts', { body: { email: 'rest@example.com' } });
    const contactId = contact.body.id ?? contact.body.contact?.id;
    for (const key of ['link-1', 'link-2']) {
      const first = await api.call('POST', `/contacts/${contactId}/magic-links`, {
        body: { delivery: 'none' },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      const replay = await api.call('POST', `/contacts/${contactId}/magic-links`, {
        body: { delivery: 'none' },
        headers: { 'idempotency-key': key },
      });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      const { url, code } = first.body;
      handedOut.push(url, url.split('/l/')[1], code);
    }
    const hook = await api.call('POST', '/webhooks', {
      body: { url: 'https://hooks.example.com/portal' },
      headers: { 'idempotency-key': 'hook-1' },
    });
    expect(hook.status).toBe(201);
    handedOut.push(hook.body.secret);
    const chosen = 'a-secret-the-caller-chose-0123456789';
    expect(
      (
        await api.call('POST', '/webhooks', {
          body: { url: 'https://hooks.example.com/two', secret: chosen },
          headers: { 'idempotency-key': 'hook-2' },
        })
      ).status,
    ).toBe(201);
    handedOut.push(chosen);

    for (const place of await storedContents(api)) {
      for (const secret of handedOut) {
        // Codes are 6 digits: look for them as the JSON string an answer carries them in, not as any 6 digits.
        const needle = /^\d{6}$/.test(secret) ? `"${secret}"` : secret;
        expect(place.text.includes(needle), `${secret.slice(0, 6)}… in ${place.where}`).toBe(false);
      }
    }
  });

  it('sweeps keys older than 24 hours', async () => {
    const { core, defaultAccount } = api.app.context;
    const old = new Date(Date.now() - 25 * 3_600_000);
    await core.db.idempotentRequest.create({
      data: {
        id: newId(),
        accountId: defaultAccount.id,
        key: 'old-key',
        method: 'POST',
        path: '/x',
        requestHash: 'h',
        status: 201,
        body: 'v2:x',
        createdAt: old,
      },
    });
    await core.db.idempotentRequest.create({
      data: {
        id: newId(),
        accountId: defaultAccount.id,
        key: 'fresh-key',
        method: 'POST',
        path: '/x',
        requestHash: 'h',
        status: 201,
        body: 'v2:x',
        createdAt: new Date(),
      },
    });
    expect(await sweepIdempotentRequests(core)).toBe(1);
    expect(await core.db.idempotentRequest.count({ where: { key: 'old-key' } })).toBe(0);
    expect(await core.db.idempotentRequest.count({ where: { key: 'fresh-key' } })).toBe(1);
  });
});
