import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from './start-api.ts';
import { toErrorResponse } from '../../src/http/api/error-handler.ts';
import { createMemoryLogger } from '../../src/logger.ts';

describe.each(testProviders)('REST API, error cases, on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
  });
  afterAll(() => api?.close());

  it('answers malformed JSON with 400 bad_request', async () => {
    const { status, body, headers } = await api.call('POST', '/contacts', { rawBody: '{"email": "ana@' });
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'bad_request', message: 'the request body is not valid JSON' } });
    expect(headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('answers a body of the wrong shape with 400 and the issues', async () => {
    const { status, body } = await api.call('POST', '/contacts/x/grants', { body: { kind: 'castle', extra: 1 } });
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['body.kind']),
    );
  });

  it('asks for JSON when the body is not JSON', async () => {
    const { status, body } = await api.call('POST', '/contacts', {
      rawBody: 'email=a@b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/Content-Type: application\/json/);
  });

  it('refuses an oversized body with 413 payload_too_large', async () => {
    const contacts = Array.from({ length: 60_000 }, (_, i) => `someone-with-a-long-address-${i}@example.com`);
    const { status, body } = await api.call('POST', '/invitations', { body: { contacts } });
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
  });

  it('refuses more than 10,000 contacts in one request', async () => {
    const contacts = Array.from({ length: 10_001 }, (_, i) => `c${i}@x.io`);
    const { status, body } = await api.call('POST', '/invitations', { body: { contacts } });
    expect(status).toBe(400);
    expect(body.error.details.issues[0].path).toBe('body.contacts');
  });

  it('refuses a bulk invitation with bad addresses (422), listing them, and creates nothing', async () => {
    const before = await api.app.context.core.db.contact.count();
    const { status, body } = await api.call('POST', '/invitations', {
      body: { contacts: ['ok@example.com', 'not-an-address', '4155550100'] },
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.invalid.map((i: { input: string }) => i.input)).toEqual(['not-an-address', '4155550100']);
    expect(await api.app.context.core.db.contact.count()).toBe(before);
  });

  it('answers 404 for an unknown contact, job and route', async () => {
    expect((await api.call('GET', '/contacts/nobody@example.com')).body.error.code).toBe('contact_not_found');
    expect((await api.call('GET', '/contacts/nobody@example.com')).status).toBe(404);
    expect((await api.call('GET', '/jobs/nope')).status).toBe(404);
    const route = await api.call('GET', '/castles');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('not_found');
  });

  it('answers 409 when email and phone belong to two contacts', async () => {
    await api.call('POST', '/contacts', { body: { email: 'one@example.com' } });
    await api.call('POST', '/contacts', { body: { phone: '+14155550111' } });
    const { status, body } = await api.call('POST', '/contacts', {
      body: { email: 'one@example.com', phone: '+14155550111' },
    });
    expect(status).toBe(409);
    expect(body.error.code).toBe('conflict');
  });

  it('answers 422 for a login link to a contact without that channel', async () => {
    const { body } = await api.call('POST', '/contacts', { body: { email: 'nophone@example.com' } });
    const sms = await api.call('POST', `/contacts/${body.contact.id}/magic-links`, { body: { delivery: 'sms' } });
    expect(sms.status).toBe(422);
    expect(sms.body.error.details.invalid[0].reason).toMatch(/no phone/);
  });

  it('rejects a bad cursor and bad query values', async () => {
    expect((await api.call('GET', '/contacts?cursor=garbage')).status).toBe(422);
    expect((await api.call('GET', '/contacts?limit=5000')).status).toBe(400);
    expect((await api.call('GET', '/contacts?status=sleeping')).status).toBe(400);
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer and acts once', async () => {
      const headers = { 'idempotency-key': 'order-1001' };
      const first = await api.call('POST', '/contacts', { body: { email: 'idem@example.com' }, headers });
      const second = await api.call('POST', '/contacts', { body: { email: 'idem@example.com' }, headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(first.headers.get('idempotent-replayed')).toBeNull();
    });

    it('sends one login link for a retried request', async () => {
      const { body } = await api.call('POST', '/contacts', { body: { email: 'retry@example.com' } });
      const headers = { 'idempotency-key': 'send-link-7' };
      const answers = await Promise.all(
        [1, 2, 3].map(() =>
          api.call('POST', `/contacts/${body.contact.id}/magic-links`, { body: { delivery: 'email' }, headers }),
        ),
      );
      // One ran; the others either replayed its answer or were told it is still running.
      const ran = answers.filter((a) => a.status === 202);
      expect(ran.length).toBeGreaterThanOrEqual(1);
      for (const a of answers) expect([202, 409]).toContain(a.status);
      expect(new Set(ran.map((a) => a.body.messageId)).size).toBe(1);
      const later = await api.call('POST', `/contacts/${body.contact.id}/magic-links`, {
        body: { delivery: 'email' },
        headers,
      });
      expect(later.body.messageId).toBe(ran[0]!.body.messageId);
      expect(await api.app.context.core.db.message.count({ where: { contactId: body.contact.id } })).toBe(1);
    });

    it('refuses a key reused for a different request', async () => {
      const headers = { 'idempotency-key': 'order-2002' };
      await api.call('POST', '/contacts', { body: { email: 'a2002@example.com' }, headers });
      const other = await api.call('POST', '/contacts', { body: { email: 'b2002@example.com' }, headers });
      expect(other.status).toBe(422);
      expect(other.body.error.message).toMatch(/different request/);
    });

    it('keeps refusals: a retried invalid request gets the same 422', async () => {
      const headers = { 'idempotency-key': 'bad-1' };
      const first = await api.call('POST', '/invitations', { body: { contacts: ['nope'] }, headers });
      const second = await api.call('POST', '/invitations', { body: { contacts: ['nope'] }, headers });
      expect(first.status).toBe(422);
      expect(second.status).toBe(422);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
    });

    it('keeps keys per account', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      const mine = await api.call('POST', '/contacts', { body: { email: 'mine@example.com' }, headers });
      const theirs = await api.call('POST', '/contacts', {
        body: { email: 'mine@example.com' },
        headers,
        key: api.otherKey,
      });
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.contact.id).not.toBe(mine.body.contact.id);
    });
  });

  it('hides an unexpected error behind a request id, and logs it once with that id', () => {
    const logger = createMemoryLogger();
    const answer = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.5:5432 (prisma)'), 'req-12345678', logger);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('internal_error');
    expect(answer.body.error.message).toMatch(/req-12345678/);
    expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|prisma/);
    expect(logger.lines).toHaveLength(1);
    expect(JSON.parse(logger.lines[0]!)).toMatchObject({
      level: 'error',
      requestId: 'req-12345678',
      error: { message: expect.stringContaining('ECONNREFUSED'), stack: expect.stringContaining('Error:') },
    });
  });
});
