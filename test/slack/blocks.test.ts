/** Block Kit builders are pure: fed large and hostile data, they stay inside Slack's limits. */
import { describe, expect, it } from 'vitest';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { contactCard } from '../../src/slack/blocks/contact-card.ts';
import { failedMessagesMessage } from '../../src/slack/blocks/failed.ts';
import { helpMessage } from '../../src/slack/blocks/help.ts';
import { homeView } from '../../src/slack/blocks/home.ts';
import { magicLinkMessage } from '../../src/slack/blocks/magic-link.ts';
import { progressMessage } from '../../src/slack/blocks/progress.ts';
import { remindConfirmation } from '../../src/slack/blocks/remind.ts';
import { statsMessage } from '../../src/slack/blocks/stats.ts';
import { escapeText, truncate } from '../../src/slack/blocks/text.ts';
import { grantModal, inviteModal, magicLinkModal } from '../../src/slack/views/modals.ts';
import { subcommands } from '../../src/slack/commands/index.ts';
import type { Contact } from '../../src/core/contacts/contact-view.ts';
import type { OutboxMessage } from '../../src/core/outbox/message-view.ts';
import type { PortalStats } from '../../src/core/stats/count-portal-users.ts';

const long = (n: number) => 'ş<&>'.repeat(Math.ceil(n / 4)).slice(0, n);
const at = new Date('2026-01-02T03:04:05Z');
const contact: Contact = {
  id: 'c1',
  accountId: 'a1',
  email: `${long(200)}@example.com`,
  phone: '+14155550123',
  firstName: long(300),
  lastName: '<!channel>',
  status: 'invited',
  invitedAt: at,
  activatedAt: null,
  lastLoginAt: null,
  hasPassword: false,
  smsOptedOut: false,
  createdAt: at,
};
const message = (i: number): OutboxMessage => ({
  id: `m${i}`,
  accountId: 'a1',
  contactId: 'c1',
  channel: 'email',
  template: 'invite',
  toAddress: `${long(300)}@example.com`,
  status: 'dead',
  attempts: 8,
  nextAttemptAt: at,
  providerId: null,
  lastError: long(5000),
  deliveryStatus: 'bounced',
  bulkJobId: null,
  subject: null,
  createdAt: at,
  sentAt: null,
});
const stats: PortalStats = {
  portalUrl: 'https://portal.example.com',
  portalName: long(500),
  invited: 123456,
  active: 654321,
  deactivated: 0,
  activationRate: 0.8412,
  invitedNeverActive: 99999,
  linksCreated: 1,
  linksSent: 2,
  linksRedeemed: 3,
  windowDays: 7,
  staleAfterDays: 7,
};

describe('Block Kit builders', () => {
  it('truncate and escape', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('the contact card fits with hundreds of grants, messages and events', () => {
    const grants = Array.from({ length: 500 }, (_, i) => ({
      id: `g${i}`,
      contactId: 'c1',
      kind: 'course' as const,
      resourceId: `r${i}`,
      resourceName: long(120),
      grantedBy: 'system',
      grantedAt: at,
      revokedAt: null,
    }));
    const activity = Array.from({ length: 200 }, (_, i) => ({
      id: `e${i}`,
      actor: 'system',
      action: i % 2 ? 'link.scanned' : long(100),
      subject: 'contact:c1',
      metadata: {},
      createdAt: at,
      subjectName: long(300),
      actorLabel: { kind: 'system' as const },
    }));
    const card = contactCard(
      { contact, grants, messages: Array.from({ length: 50 }, (_, i) => message(i)), activity },
      { accountId: 'a1' },
    );
    expect(limitProblems('message', card)).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('Showing 15 of 500 grants');
    expect(JSON.stringify(card.blocks)).not.toContain('<!channel>');
  });

  it('failed messages paginate with a count', () => {
    const view = failedMessagesMessage({
      messages: Array.from({ length: 200 }, (_, i) => message(i)),
      total: 1234,
      accountId: 'a1',
    });
    expect(limitProblems('message', view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('Showing 20 of 1234');
  });

  it('stats, remind, progress, link and help messages fit', () => {
    expect(limitProblems('message', statsMessage(stats))).toEqual([]);
    expect(statsMessage(stats).text).toContain('84.1%');
    expect(statsMessage({ ...stats, invitedNeverActive: 0 }).blocks.some((b) => b.type === 'actions')).toBe(false);
    const remind = remindConfirmation(
      { count: 5000, sample: Array.from({ length: 5 }, () => long(400)) },
      { olderThanDays: 3, accountId: 'a1' },
    );
    expect(limitProblems('message', remind)).toEqual([]);
    expect(remind.text).toContain('and 4995 others');
    expect(
      limitProblems(
        'message',
        progressMessage({ kind: 'invite', total: 1_000_000, sent: 999_999, failed: 1, queued: 0, done: true }),
      ),
    ).toEqual([]);
    const link = magicLinkMessage({
      accountId: 'a1',
      contactId: 'c1',
      contactName: long(500),
      url: 'https://p.example.com/l/' + 'a'.repeat(43),
      code: '123456',
      section: 'courses',
      resourceName: long(120),
      expiresAt: at,
      canEmail: true,
      canSms: true,
    });
    expect(limitProblems('message', link)).toEqual([]);
    const help = helpMessage(
      subcommands.map((s) => ({ usage: s.usage, summary: s.summary + long(400), adminOnly: s.adminOnly })),
      { isAdmin: true },
    );
    expect(limitProblems('message', help)).toEqual([]);
  });

  it('App Home fits with long activity and names', () => {
    const events = Array.from({ length: 50 }, (_, i) => ({
      id: `e${i}`,
      actor: i % 2 ? 'slack:U123' : 'api:key',
      action: long(200),
      subject: `contact:c${i}`,
      metadata: {},
      createdAt: at,
      subjectName: long(500),
      actorLabel: { kind: 'slack' as const, userId: 'U123' },
    }));
    const view = homeView({ accountId: 'a1', stats, events, isAdmin: true, now: at });
    expect(limitProblems('home', view)).toEqual([]);
    // A workspace serving 150 portals: the chooser holds the first 100, long names cut.
    const accounts = Array.from({ length: 150 }, (_, i) => ({ id: `a${i}`, name: long(200), slug: `p${i}` }));
    const many = homeView({ accountId: 'a1', accounts, stats, events, isAdmin: true, now: at });
    expect(limitProblems('home', many)).toEqual([]);
    expect(JSON.stringify(many)).toContain('"action_id":"home_account"');
    const one = homeView({ accountId: 'a1', accounts: accounts.slice(0, 1), stats, events, isAdmin: true, now: at });
    expect(JSON.stringify(one)).not.toContain('home_account');
  });

  it('modals fit, even revoking from a contact with hundreds of grants', () => {
    const origin = { a: 'a1', ch: 'C1', ru: 'https://hooks.slack.com/commands/T1/' + 'x'.repeat(80) };
    for (const view of [inviteModal(origin), magicLinkModal(origin), grantModal({ ...origin, m: 'grant' })])
      expect(limitProblems('modal', view)).toEqual([]);
    const grants = Array.from({ length: 300 }, (_, i) => ({
      id: `g${i}`,
      contactId: 'c1',
      kind: 'community' as const,
      resourceId: `r${i}`,
      resourceName: long(120),
      grantedBy: 'system',
      grantedAt: at,
      revokedAt: null,
    }));
    expect(limitProblems('modal', grantModal({ ...origin, m: 'revoke' }, { grants }))).toEqual([]);
  });

  it('the limit checker itself catches what Slack refuses', () => {
    const blocks = Array.from({ length: 51 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(3001) },
    }));
    const problems = limitProblems('message', { blocks });
    expect(problems[0]).toContain('51 blocks');
    expect(problems.some((p) => p.includes('3001'))).toBe(true);
    expect(limitProblems('modal', { title: { text: 'A title much longer than 24' }, blocks: [] })).toHaveLength(1);
    expect(
      limitProblems('message', {
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Remind 23 who never signed in' } }],
          },
        ],
      }),
    ).toHaveLength(1);
  });
});
