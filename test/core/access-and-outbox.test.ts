import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { revokeAccess } from '../../src/core/access/revoke-access.ts';
import { listGrants } from '../../src/core/access/list-grants.ts';
import { sectionPath, parseSection } from '../../src/core/access/sections.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { remindNeverActive } from '../../src/core/invitations/remind-never-active.ts';
import { listDeadMessages } from '../../src/core/outbox/list-dead-messages.ts';
import { requeueMessage } from '../../src/core/outbox/requeue-message.ts';
import { getBulkJob } from '../../src/core/outbox/get-bulk-job.ts';
import { listContactMessages } from '../../src/core/outbox/list-contact-messages.ts';
import { listAuditEvents } from '../../src/core/audit/list-audit-events.ts';
import { recordAuditEvent } from '../../src/core/audit/record-audit-event.ts';
import { isAppError } from '../../src/core/shared/errors.ts';
import type { Actor } from '../../src/core/audit/actor.ts';

describe('sections', () => {
  it('maps sections to fixed paths and accepts singular words', () => {
    expect(sectionPath('portal')).toBe('/portal');
    expect(sectionPath('courses', 'intro-to-seo')).toBe('/portal/courses/intro-to-seo');
    expect(sectionPath('affiliates', 'ignored')).toBe('/portal/affiliates');
    expect(parseSection('Course')).toBe('courses');
    expect(parseSection('https://evil.example')).toBeUndefined();
  });
});

describe.each(testProviders)('access, outbox queries and audit on %s', (provider) => {
  let t: TestCore;
  let contactId: string;
  beforeAll(async () => {
    t = await createTestCore(provider);
    contactId = (
      await findOrCreateContact(t.core, { accountId: t.account.id, address: 'student@example.com', actor: 'system' })
    ).contact.id;
  });
  afterAll(() => t?.close());

  it('grants, lists, re-grants without change, and revokes access', async () => {
    const first = await grantAccess(t.core, {
      accountId: t.account.id,
      contactId,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'slack:U1',
    });
    expect(first.changed).toBe(true);
    const again = await grantAccess(t.core, {
      accountId: t.account.id,
      contactId,
      kind: 'courses',
      resourceName: 'intro to seo',
      actor: 'slack:U1',
    });
    expect(again.changed).toBe(false);
    await grantAccess(t.core, { accountId: t.account.id, contactId, kind: 'affiliate', actor: 'api:key1' });
    expect(
      (await listGrants(t.core, { accountId: t.account.id, contactId })).map((g) => [g.kind, g.resourceId]),
    ).toEqual([
      ['affiliate', ''],
      ['course', 'intro-to-seo'],
    ]);
    await revokeAccess(t.core, {
      accountId: t.account.id,
      contactId,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'slack:U2',
    });
    expect((await listGrants(t.core, { accountId: t.account.id, contactId })).map((g) => g.kind)).toEqual([
      'affiliate',
    ]);
    const missing = await revokeAccess(t.core, {
      accountId: t.account.id,
      contactId,
      kind: 'community',
      resourceName: 'Founders',
      actor: 'slack:U2',
    }).catch((e: unknown) => e);
    expect(isAppError(missing, 'grant_not_found')).toBe(true);
    const regranted = await grantAccess(t.core, {
      accountId: t.account.id,
      contactId,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'slack:U3',
    });
    expect(regranted).toMatchObject({ changed: true, grant: { revokedAt: null, grantedBy: 'slack:U3' } });
  });

  it('runs access-granted hooks only for new grants, inside the transaction', async () => {
    const seen: string[] = [];
    t.core.hooks.accessGranted.push(async (_core, tx, event) => {
      seen.push(event.grant.resourceName);
      await tx.auditEvent.count();
    });
    try {
      await grantAccess(t.core, {
        accountId: t.account.id,
        contactId,
        kind: 'community',
        resourceName: 'Founders',
        actor: 'system',
      });
      await grantAccess(t.core, {
        accountId: t.account.id,
        contactId,
        kind: 'community',
        resourceName: 'Founders',
        actor: 'system',
      });
    } finally {
      t.core.hooks.accessGranted.pop();
    }
    expect(seen).toEqual(['Founders']);
  });

  it('refuses unknown kinds and nameless courses', async () => {
    for (const [kind, name] of [
      ['webinar', 'x'],
      ['course', '  '],
      ['community', undefined],
    ] as const) {
      const error = await grantAccess(t.core, {
        accountId: t.account.id,
        contactId,
        kind,
        resourceName: name,
        actor: 'system',
      }).catch((e: unknown) => e);
      expect(isAppError(error, 'invalid_input')).toBe(true);
    }
  });

  it('lists dead messages and re-queues them once', async () => {
    const { invited, bulkJobId } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['d1@example.com', 'd2@example.com'],
      actor: 'slack:U1',
    });
    const dead = invited[0]!.messageId;
    await t.core.db.message.update({
      where: { id: dead },
      data: { status: 'dead', attempts: 8, lastError: 'HTTP 500' },
    });
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { failed: 1, sent: 1 } });
    expect(await getBulkJob(t.core, { accountId: t.account.id, jobId: bulkJobId! })).toMatchObject({
      total: 2,
      sent: 1,
      failed: 1,
      queued: 0,
      done: true,
    });

    const listed = await listDeadMessages(t.core, { accountId: t.account.id });
    expect(listed.total).toBe(1);
    expect(listed.messages[0]).toMatchObject({ id: dead, lastError: 'HTTP 500', toAddress: 'd1@example.com' });

    const requeued = await requeueMessage(t.core, { accountId: t.account.id, messageId: dead, actor: 'slack:U1' });
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await getBulkJob(t.core, { accountId: t.account.id, jobId: bulkJobId! })).toMatchObject({
      failed: 0,
      queued: 1,
      done: false,
    });
    const twice = await requeueMessage(t.core, { accountId: t.account.id, messageId: dead, actor: 'slack:U1' }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(twice, 'not_dead')).toBe(true);
    const other = await requeueMessage(t.core, { accountId: 'someone-else', messageId: dead, actor: 'slack:U1' }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(other, 'message_not_found')).toBe(true);

    const history = await listContactMessages(t.core, { accountId: t.account.id, contactId: invited[0]!.contact.id });
    expect(history.map((m) => m.template)).toEqual(['invite']);
  });

  it('previews and sends reminders to the never-active', async () => {
    const before = await remindNeverActive(t.core, { accountId: t.account.id, actor: 'slack:U1', dryRun: true });
    expect(before.count).toBe(2);
    expect(before.sample.sort()).toEqual(['d1@example.com', 'd2@example.com']);
    expect(
      await remindNeverActive(t.core, { accountId: t.account.id, actor: 'slack:U1', olderThanDays: 3, dryRun: true }),
    ).toEqual({ count: 0, sample: [] });
    // A texts-only contact who opted out cannot be reminded; the others still are.
    const {
      invited: [unreachable],
    } = await inviteContacts(t.core, { accountId: t.account.id, invitees: ['+14155550142'], actor: 'slack:U1' });
    await t.core.db.contact.update({ where: { id: unreachable!.contact.id }, data: { smsOptedOutAt: new Date() } });
    const sent = await remindNeverActive(t.core, { accountId: t.account.id, actor: 'slack:U1' });
    expect(sent.count).toBe(3);
    expect(sent.skipped).toBe(1);
    expect(sent.invited.map((i) => i.contact.email).sort()).toEqual(['d1@example.com', 'd2@example.com']);
    expect((await getBulkJob(t.core, { accountId: t.account.id, jobId: sent.bulkJobId! })).kind).toBe('remind');
  });

  it('records who did what, newest first, and refuses unknown actors', async () => {
    const events = await listAuditEvents(t.core, { accountId: t.account.id, limit: 3 });
    expect(events).toHaveLength(3);
    expect(events[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(events[2]!.createdAt.getTime());
    await expect(
      recordAuditEvent(t.core, t.core.db, { accountId: t.account.id, actor: 'hacker' as Actor, action: 'x' }),
    ).rejects.toThrow('unknown actor');
  });
});
