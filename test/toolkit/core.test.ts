/**
 * #12 core pieces on both databases: settings reach every message sent
 * (sender, reply-to, lifetimes, portal name), failure alerts are claimed
 * once across concurrent pollers, and the pure helpers (CSV cells, list
 * filters, audit sentences).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from '../delivery/worker-fixture.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { updateSettings } from '../../src/core/settings/update-settings.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { claimFailureAlerts } from '../../src/core/outbox/claim-failure-alerts.ts';
import { recordAuditEvents } from '../../src/core/audit/record-audit-event.ts';
import { csvCell } from '../../src/core/contacts/csv-cell.ts';
import { parseContactFilter } from '../../src/core/contacts/contact-filter.ts';
import { auditSentence, type DescribedEvent } from '../../src/core/audit/audit-sentence.ts';

describe.each(testProviders)('#12 core on %s', (provider) => {
  let f: WorkerFixture | undefined;
  let t: TestCore | undefined;
  afterEach(async () => {
    await f?.closeAll();
    await t?.close();
    f = undefined;
    t = undefined;
  });

  it('every email sent after a settings change uses the new sender, reply-to, portal name and link lifetime', async () => {
    f = await createWorkerFixture(provider);
    await updateSettings(f.core, {
      accountId: f.account.id,
      portalName: 'Acme Academy',
      sender: { name: 'Acme Team', address: 'hello@acme.example' },
      replyTo: 'desk@acme.example',
      linkLifetimes: { invite: 2 * 1440 },
      actor: 'system',
    });
    await inviteContacts(f.core, { accountId: f.account.id, invitees: ['ana@example.com'], actor: 'system' });
    await f.worker.drain();
    const [email] = await f.resend.waitForEmails(1);
    expect(email).toMatchObject({
      from: 'Acme Team <hello@acme.example>',
      replyTo: ['desk@acme.example'],
      subject: "You're invited to Acme Academy",
    });
    expect(email!.text).toContain('for 2 days');
    const link = await f.core.db.loginToken.findFirstOrThrow({ where: { purpose: 'invite' } });
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(2 * 86_400_000);
    // Back to the default sender, no reply-to.
    await updateSettings(f.core, { accountId: f.account.id, sender: null, replyTo: null, actor: 'system' });
    await inviteContacts(f.core, { accountId: f.account.id, invitees: ['ben@example.com'], actor: 'system' });
    await f.worker.drain();
    const second = (await f.resend.waitForEmails(2))[1]!;
    expect(second.from).toBe('Portal Desk <portal@example.com>');
    expect(second.replyTo).toBeUndefined();
  });

  it('failure alerts: the first poll only places the cursor; concurrent polls share the events without duplicates', async () => {
    t = await createTestCore(provider);
    const accountId = t.account.id;
    const fail = (n: number, at: Date) =>
      recordAuditEvents(
        t!.core,
        t!.core.db,
        Array.from({ length: n }, (_, i) => ({
          accountId,
          actor: 'system',
          action: i % 2 ? 'message.bounced' : 'message.failed',
          subject: `message:m${i}`,
          metadata: { detail: 'no such user' },
          at,
        })),
      );
    await fail(3, t.clock.now);
    t.clock.advance(10_000);
    expect(await claimFailureAlerts(t.core, { accountId })).toEqual([]);
    t.clock.advance(1_000);
    await fail(30, new Date(t.clock.now.getTime()));
    // Too fresh: a transaction still open could commit an earlier id.
    expect(await claimFailureAlerts(t.core, { accountId })).toEqual([]);
    t.clock.advance(5_000);
    const polls = await Promise.all(
      Array.from({ length: 4 }, () => claimFailureAlerts(t!.core, { accountId, limit: 10 })),
    );
    let claimed = polls.flat();
    for (
      let more = await claimFailureAlerts(t.core, { accountId, limit: 10 });
      more.length;
      more = await claimFailureAlerts(t.core, { accountId, limit: 10 })
    )
      claimed = claimed.concat(more);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed.map((a) => a.eventId)).size).toBe(30);
    expect(claimed[0]).toMatchObject({ reason: 'no such user' });
  });
});

describe('#12 pure helpers', () => {
  it('CSV cells: quoting, and formula starts made harmless', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+14155550123')).toBe("'+14155550123");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
  });

  it('list filters parse the words people type, and name the one they cannot read', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(parseContactFilter([], now)).toEqual({});
    expect(parseContactFilter(['active'], now)).toEqual({ status: 'active' });
    expect(parseContactFilter(['deactivated'], now)).toEqual({ status: 'deactivated' });
    expect(parseContactFilter(['never-active'], now)).toEqual({ neverActivated: true });
    expect(parseContactFilter(['never-active', '7', 'grant', 'course:Intro', 'to', 'SEO'], now)).toEqual({
      neverActivated: true,
      status: 'invited',
      invitedBefore: new Date('2026-11-23T12:00:00Z'),
      grantKind: 'course',
      resourceName: 'Intro to SEO',
    });
    expect(parseContactFilter(['grant', 'affiliate'], now)).toEqual({ grantKind: 'affiliate' });
    expect(() => parseContactFilter(['sleepy'], now)).toThrow(/"sleepy" is not a list filter/);
    expect(() => parseContactFilter(['active', 'invited'], now)).toThrow(/choose one status/);
    expect(() => parseContactFilter(['grant', 'castle:x'], now)).toThrow(/not something granted/);
  });

  it('audit events read as sentences, with mentions, key names and no raw ids', () => {
    const base = { id: 'e1', subject: 'contact:c1', metadata: {}, createdAt: new Date(), subjectName: 'Ana' } as const;
    const event = (e: Partial<DescribedEvent>): DescribedEvent =>
      ({ ...base, actor: 'system', action: 'x', actorLabel: { kind: 'system' }, ...e }) as DescribedEvent;
    expect(
      auditSentence(
        event({ action: 'contact.invited', actor: 'slack:UMARIA', actorLabel: { kind: 'slack', userId: 'UMARIA' } }),
        { mention: (u) => `<@${u}>` },
      ),
    ).toBe('Ana invited by <@UMARIA>');
    expect(auditSentence(event({ action: 'link.scanned' }))).toBe(
      'Link to Ana opened by a mail scanner (it still works)',
    );
    expect(
      auditSentence(
        event({
          action: 'access.granted',
          metadata: { kind: 'course', resourceName: 'SEO' },
          actor: 'api:k1',
          actorLabel: { kind: 'api', name: 'Checkout' },
        }),
      ),
    ).toBe('Ana given SEO by API key "Checkout"');
    expect(
      auditSentence(
        event({ action: 'link.redeemed', actor: 'contact:c1', actorLabel: { kind: 'contact', name: 'Ana' } }),
      ),
    ).toBe('Link used by Ana');
    expect(auditSentence(event({ action: 'contact.invited', subjectName: null }))).toBe('A contact invited');
    expect(auditSentence(event({ action: 'something.new' }))).toBe('Something.new (Ana)');
  });
});

describe.each(testProviders)('#12 re-send races on %s', (provider) => {
  it('two admins pressing Re-send on one bounce at once queue exactly one copy; the loser is told', async () => {
    const { resendMessage } = await import('../../src/core/outbox/resend-message.ts');
    const t = await createTestCore(provider);
    try {
      await inviteContacts(t.core, { accountId: t.account.id, invitees: ['ana@example.com'], actor: 'system' });
      const original = await t.core.db.message.findFirstOrThrow({ where: { toAddress: 'ana@example.com' } });
      await t.core.db.message.update({
        where: { id: original.id },
        data: { status: 'sent', providerId: 'p1', deliveryStatus: 'bounced', deliveryDetail: 'mailbox full' },
      });
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          resendMessage(t.core, { accountId: t.account.id, messageId: original.id, actor: 'system' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected'))
        expect(String((r as PromiseRejectedResult).reason)).toMatch(/already re-sent/);
      expect(await t.core.db.message.count({ where: { toAddress: 'ana@example.com', status: 'pending' } })).toBe(1);
      expect(await t.core.db.auditEvent.count({ where: { action: 'message.resent' } })).toBe(1);
      // A later press, after the winner committed, is told the same (not "sent, not dead").
      await expect(
        resendMessage(t.core, { accountId: t.account.id, messageId: original.id, actor: 'system' }),
      ).rejects.toThrow(/already re-sent/);
    } finally {
      await t.close();
    }
  });
});
