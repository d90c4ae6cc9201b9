/**
 * Right to erasure through DELETE /api/v1/contacts/{id}: afterwards the
 * erased email and phone are nowhere in the database: not in the SQLite
 * main file or its WAL (read byte by byte), not in any PostgreSQL table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { sqlitePath } from '../../src/db/client.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { eventually, sessionState } from './lifecycle-fixture.ts';
import { startSubscriber, type Subscriber } from '../support/webhook-subscriber.ts';

const EMAIL = 'zelda.erase_me@example.com';
const PHONE = '+14155550177';
const KEPT = 'keep.me@example.com';

describe.each(testProviders)('erasing a contact through the REST API, on %s', (provider) => {
  let api: TestApi;
  let subscriber: Subscriber;
  beforeAll(async () => {
    subscriber = await startSubscriber();
    api = await startApi(provider, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  });
  afterAll(async () => {
    await api?.close();
    await subscriber?.close();
  });
  const core = () => api.app.context.core;

  /** Every place the database keeps text, as one string per file (SQLite) or table (PostgreSQL). */
  async function databaseContents(): Promise<Map<string, string>> {
    const url = api.app.context.config.databaseUrl;
    const contents = new Map<string, string>();
    if (provider === 'sqlite') {
      const dir = dirname(sqlitePath(url));
      // latin1 keeps every byte as one character: a plain search over the raw file.
      for (const name of readdirSync(dir)) contents.set(name, readFileSync(join(dir, name)).toString('latin1'));
      expect([...contents.keys()]).toEqual(expect.arrayContaining(['portal.db']));
      return contents;
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      for (const { table_name } of tables.rows) {
        const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
        contents.set(table_name, rows.rows.map((r) => r.row).join('\n'));
      }
    } finally {
      await client.end();
    }
    return contents;
  }

  function whereFound(contents: Map<string, string>, needle: string): string[] {
    return [...contents].filter(([, text]) => text.includes(needle)).map(([name]) => name);
  }

  it('removes the person everywhere, keeps a tombstone and the counters, and is harmless twice', async () => {
    expect((await api.call('POST', '/webhooks', { body: { url: subscriber.url } })).status).toBe(201);
    const created = await api.call('POST', '/contacts', {
      body: { email: EMAIL, phone: PHONE, firstName: 'Zelda', lastName: 'Quuxington' },
      headers: { 'idempotency-key': 'erase-create-1' },
    });
    expect(created.status).toBe(201);
    const id = created.body.contact.id as string;
    await api.call('POST', '/contacts', { body: { email: KEPT, firstName: 'Kept' } });
    expect((await api.call('POST', '/invitations', { body: { contacts: [EMAIL, KEPT] } })).status).toBe(202);
    await eventually(
      () => core().db.loginToken.count({ where: { contactId: id, purpose: 'invite' } }),
      (n) => n === 1,
    );
    expect(
      (await api.call('POST', `/contacts/${id}/grants`, { body: { kind: 'course', resourceName: 'Intro to SEO' } }))
        .status,
    ).toBe(201);
    expect((await api.call('POST', `/contacts/${id}/magic-links`, { body: { delivery: 'sms' } })).status).toBe(202);
    expect((await api.call('PATCH', `/contacts/${id}`, { body: { phone: '+14155550178' } })).status).toBe(200);
    expect((await api.call('PATCH', `/contacts/${id}`, { body: { phone: PHONE } })).status).toBe(200);
    const shown = await api.call('POST', `/contacts/${id}/magic-links`, { body: {} });
    const { session } = await redeemLink(core(), {
      accountId: api.app.context.defaultAccount.id,
      token: shown.body.url.split('/l/')[1],
      session: {},
    });
    await core().db.rateLimit.create({ data: { key: `sendPerAddress:address:${EMAIL}`, points: 1 } });
    // Everything queued is sent (and recorded as sent) before the erasure.
    await eventually(
      async () => {
        await api.app.outbox.drain();
        return core().db.message.count({ where: { status: { in: ['pending', 'sending'] } } });
      },
      (n) => n === 0,
    );
    await eventually(
      () => subscriber.events.length,
      (n) => n >= 3,
    );
    const before = await databaseContents();
    // The check below can fail: before the erasure the address is there (in several tables on PostgreSQL:
    // Contact, Message, RateLimit). The stored idempotent answer quotes it too, but sealed (issue #11), so
    // a text search cannot see it; it is counted by its key instead.
    expect(whereFound(before, EMAIL).length).toBeGreaterThan(provider === 'sqlite' ? 0 : 2);
    expect(await core().db.idempotentRequest.count({ where: { key: 'erase-create-1' } })).toBe(1);
    expect(whereFound(before, PHONE).length).toBeGreaterThan(0);

    const erased = await api.call('DELETE', `/contacts/${encodeURIComponent(EMAIL)}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ contactId: id, erased: true, removed: { grants: 1, sessions: 1 } });
    expect(erased.body.removed.links).toBeGreaterThanOrEqual(3);
    expect(erased.body.removed.messages).toBeGreaterThanOrEqual(2);

    const after = await databaseContents();
    expect(whereFound(after, EMAIL)).toEqual([]);
    // The sealed answer to the call that created them would replay their email, phone and names.
    expect(await core().db.idempotentRequest.count({ where: { key: 'erase-create-1' } })).toBe(0);
    expect(whereFound(after, PHONE)).toEqual([]);
    expect(whereFound(after, 'Quuxington')).toEqual([]);
    // Only the erased person went.
    expect(whereFound(after, KEPT).length).toBeGreaterThan(0);
    expect((await api.call('GET', `/contacts/${encodeURIComponent(KEPT)}`)).status).toBe(200);

    expect((await api.call('GET', `/contacts/${id}`)).status).toBe(404);
    expect(await sessionState(core(), session!.sessionId)).toBeNull();
    const tombstone = await core().db.auditEvent.findFirstOrThrow({
      where: { subject: `contact:${id}`, action: 'contact.erased' },
    });
    expect(tombstone.metadata).not.toMatch(/@|\+1/);
    // Not even the masked addresses of the corrections remain.
    const trail = await core().db.auditEvent.findMany({ where: { subject: `contact:${id}` } });
    expect(trail.map((event) => event.metadata).join('\n')).not.toMatch(/…0177|…0178|z…@/);
    const stats = (await api.call('GET', '/stats')).body.stats;
    expect(await recountPortalUsers(core(), { accountId: api.app.context.defaultAccount.id })).toEqual({
      invited: stats.invited,
      active: stats.active,
      deactivated: stats.deactivated,
    });
    expect(stats.active).toBe(0);
    expect(stats.invited).toBe(1);

    const again = await api.call('DELETE', `/contacts/${id}`);
    expect(again).toMatchObject({ status: 200, body: { contactId: id, erased: false } });
    expect((await api.call('DELETE', `/contacts/${encodeURIComponent(EMAIL)}`)).status).toBe(404);
    expect(await core().db.auditEvent.count({ where: { subject: `contact:${id}`, action: 'contact.erased' } })).toBe(1);
    // The replayed idempotent create has nothing left to replay: it creates anew.
    expect((await api.call('DELETE', '/contacts/nobody-at-all')).status).toBe(404);
  });

  it('erases concurrently exactly once', async () => {
    const created = await api.call('POST', '/contacts', { body: { email: 'twice@example.com' } });
    const id = created.body.contact.id as string;
    const answers = await Promise.all([
      api.call('DELETE', `/contacts/${id}`),
      api.call('DELETE', `/contacts/${id}`),
      api.call('DELETE', `/contacts/${id}`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.erased === true)).toHaveLength(1);
    expect(await core().db.auditEvent.count({ where: { subject: `contact:${id}`, action: 'contact.erased' } })).toBe(1);
  });
});
