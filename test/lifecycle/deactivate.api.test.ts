import { outboxSettled } from '../support/outbox-settled.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { recountPortalUsers } from '../../src/core/stats/recount-portal-users.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { eventually, invited, sessionState, signedIn } from './lifecycle-fixture.ts';
import { startSubscriber, type Subscriber } from '../support/webhook-subscriber.ts';

describe.each(testProviders)(
  'deactivate, reactivate and sign out everywhere through the REST API, on %s',
  (provider) => {
    let api: TestApi;
    let subscriber: Subscriber;
    beforeAll(async () => {
      subscriber = await startSubscriber();
      api = await startApi(provider, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
      expect(
        (
          await api.call('POST', '/webhooks', {
            body: { url: subscriber.url, events: ['contact.deactivated', 'contact.reactivated'] },
          })
        ).status,
      ).toBe(201);
    });
    afterAll(async () => {
      await api?.close();
      await subscriber?.close();
    });
    const core = () => api.app.context.core;
    const accountId = () => api.app.context.defaultAccount.id;
    const stats = async () =>
      (await api.call('GET', '/stats')).body.stats as { invited: number; active: number; deactivated: number };

    it('deactivates an active contact: session ended, links and queued messages revoked, counters moved, event sent', async () => {
      const { contactId, sessionId } = await signedIn(core(), accountId(), 'dee@example.com');
      const spare = await createMagicLink(core(), {
        accountId: accountId(),
        contactId,
        sentVia: 'email',
        actor: 'system',
      });
      const before = await stats();
      const answer = await api.call('POST', '/contacts/dee@example.com/deactivate');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        changed: true,
        sessionsEnded: 1,
        linksRevoked: 1,
        contact: { id: contactId, status: 'deactivated', deactivatedAt: expect.any(String) },
      });
      expect(await stats()).toMatchObject({
        active: before.active - 1,
        deactivated: before.deactivated + 1,
        invited: before.invited,
      });
      const counted = await stats();
      expect(await recountPortalUsers(core(), { accountId: accountId() })).toEqual({
        invited: counted.invited,
        active: counted.active,
        deactivated: counted.deactivated,
      });

      expect(await sessionState(core(), sessionId)).toBe('contact_deactivated');
      await expect(redeemLink(core(), { accountId: accountId(), token: spare.token })).rejects.toMatchObject({
        code: 'contact_deactivated',
      });
      const refused = await api.call('POST', '/contacts/dee@example.com/magic-links', { body: {} });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('contact_deactivated');

      const again = await api.call('POST', `/contacts/${contactId}/deactivate`);
      expect(again.body).toMatchObject({ changed: false, sessionsEnded: 0, linksRevoked: 0 });
      expect((await stats()).deactivated).toBe(before.deactivated + 1);
      const audited = await core().db.auditEvent.findMany({
        where: { subject: `contact:${contactId}`, action: 'contact.deactivated' },
      });
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.metadata)).toMatchObject({ previousStatus: 'active', sessionsEnded: 1 });
      await eventually(
        () =>
          subscriber.events.filter(
            (e) => e.type === 'contact.deactivated' && (e.data.contact as { id: string }).id === contactId,
          ),
        (found) => found.length === 1,
      );
    });

    it('refuses to invite a deactivated contact, naming them, and cancels their queued invite', async () => {
      const { contactId } = await invited(core(), accountId(), 'queued@example.com');
      await outboxSettled(api.app);
      await core().db.message.updateMany({
        where: { contactId },
        data: { status: 'pending', nextAttemptAt: new Date(Date.now() + 3_600_000) },
      });
      const off = await api.call('POST', `/contacts/${contactId}/deactivate`);
      expect(off.body.messagesCancelled).toBe(1);
      expect(await core().db.message.count({ where: { contactId, status: 'cancelled' } })).toBe(1);
      const invite = await api.call('POST', '/invitations', { body: { contacts: ['queued@example.com'] } });
      expect(invite.status).toBe(422);
      expect(JSON.stringify(invite.body)).toMatch(/queued@example.com.*turned off/);
    });

    it('reactivates to active after a sign-in, to invited otherwise; counters agree with a recount', async () => {
      const never = await invited(core(), accountId(), 'never@example.com');
      await api.call('POST', '/contacts/never@example.com/deactivate');
      const back = await api.call('POST', '/contacts/never@example.com/reactivate');
      expect(back.body).toMatchObject({
        changed: true,
        contact: { id: never.contactId, status: 'invited', deactivatedAt: null },
      });
      await expect(redeemLink(core(), { accountId: accountId(), token: never.token })).rejects.toMatchObject({
        code: 'link_revoked',
      });
      const dee = await api.call('POST', '/contacts/dee@example.com/reactivate');
      expect(dee.body.contact.status).toBe('active');
      expect((await api.call('POST', '/contacts/dee@example.com/reactivate')).body.changed).toBe(false);
      const counted = await stats();
      expect(await recountPortalUsers(core(), { accountId: accountId() })).toEqual({
        invited: counted.invited,
        active: counted.active,
        deactivated: counted.deactivated,
      });
      // A fresh link works again after reactivation.
      const fresh = await createMagicLink(core(), {
        accountId: accountId(),
        contactId: dee.body.contact.id,
        sentVia: 'email',
        actor: 'system',
      });
      expect((await redeemLink(core(), { accountId: accountId(), token: fresh.token })).contact.status).toBe('active');
      await eventually(
        () => subscriber.events.filter((e) => e.type === 'contact.reactivated'),
        (found) => found.length === 2,
      );
    });

    it('signs a contact out everywhere without deactivating them', async () => {
      const { contactId, sessionId } = await signedIn(core(), accountId(), 'out@example.com');
      const second = await signedIn(core(), accountId(), 'other-out@example.com');
      expect(await sessionState(core(), sessionId)).toBe(contactId);
      const answer = await api.call('POST', `/contacts/${encodeURIComponent('out@example.com')}/sessions/revoke`);
      expect(answer).toMatchObject({ status: 200, body: { sessionsEnded: 1 } });
      expect(await sessionState(core(), sessionId)).toBeNull();
      expect(await sessionState(core(), second.sessionId)).toBe(second.contactId);
      expect((await api.call('GET', '/contacts/out@example.com')).body.contact.status).toBe('active');
      expect(
        await core().db.auditEvent.count({
          where: { subject: `contact:${contactId}`, action: 'contact.signed_out_everywhere' },
        }),
      ).toBe(1);
    });

    it("answers 404 for unknown contacts and another account's, 401 without a key", async () => {
      for (const path of [
        '/contacts/nobody@example.com/deactivate',
        '/contacts/nobody@example.com/reactivate',
        '/contacts/nobody@example.com/sessions/revoke',
      ]) {
        expect((await api.call('POST', path)).status).toBe(404);
        expect((await api.call('POST', path, { key: null })).status).toBe(401);
      }
      expect((await api.call('POST', '/contacts/dee@example.com/deactivate', { key: api.otherKey })).status).toBe(404);
      expect((await api.call('DELETE', '/contacts/dee@example.com', { key: api.otherKey })).status).toBe(404);
      expect(
        (await api.call('PATCH', '/contacts/dee@example.com', { key: api.otherKey, body: { firstName: 'X' } })).status,
      ).toBe(404);
      expect((await api.call('GET', '/contacts/dee@example.com')).status).toBe(200);
      expect((await api.call('DELETE', '/contacts/dee@example.com', { key: null })).status).toBe(401);
    });

    it('lists the new endpoints in the OpenAPI document', async () => {
      const doc = (await api.call('GET', '/openapi.json', { key: null })).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      expect(Object.keys(doc.paths['/contacts/{id}/deactivate']!)).toContain('post');
      expect(Object.keys(doc.paths['/contacts/{id}/reactivate']!)).toContain('post');
      expect(Object.keys(doc.paths['/contacts/{id}/sessions/revoke']!)).toContain('post');
      expect(Object.keys(doc.paths['/contacts/{id}']!)).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    });
  },
);
