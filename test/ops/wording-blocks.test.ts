/** Issue #13 point 8, the Slack items: each checked on the Block Kit the code builds. */
import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/slack/blocks/help.ts';
import { magicLinkMessage } from '../../src/slack/blocks/magic-link.ts';
import { remindOffer, statsMessage } from '../../src/slack/blocks/stats.ts';
import { formatDate } from '../../src/slack/blocks/text.ts';
import { inviteModal } from '../../src/slack/views/modals.ts';
import { subcommands } from '../../src/slack/commands/index.ts';
import { actionIds } from '../../src/slack/action-ids.ts';
import type { PortalStats } from '../../src/core/stats/count-portal-users.ts';

const all = (value: unknown) => JSON.stringify(value);

describe('Slack wording', () => {
  it('help: a summary mentions a form exactly when the command opens one; non-admins see no admin command', () => {
    for (const s of subcommands) expect([s.name, /form/i.test(s.summary)]).toEqual([s.name, Boolean(s.modal)]);
    const entries = subcommands.map((s) => ({
      usage: s.usage,
      summary: s.summary,
      adminOnly: s.adminOnly,
      operatorOnly: s.operatorOnly,
    }));
    // As it appears in the JSON of the message: mrkdwn-escaped, then JSON-escaped.
    const shown = (usage: string) => all(usage.replace(/</g, '&lt;').replace(/>/g, '&gt;')).slice(1, -1);
    const member = all(helpMessage(entries, { isAdmin: false }));
    for (const s of subcommands) expect([s.usage, member.includes(shown(s.usage))]).toEqual([s.usage, !s.adminOnly]);
    expect(member).not.toContain('Without arguments, a command opens a form');
    expect(member).toMatch(/\d+ more commands .* are for portal admins/);
    // An account admin does not see what only operators may run (/portal accounts); an operator sees everything.
    const admin = all(helpMessage(entries, { isAdmin: true }));
    for (const s of subcommands)
      expect([s.usage, admin.includes(shown(s.usage))]).toEqual([s.usage, s.operatorOnly !== true]);
    const operator = all(helpMessage(entries, { isAdmin: true, isOperator: true }));
    for (const s of subcommands) expect(operator).toContain(shown(s.usage));
    expect(operator).toContain('install-link &lt;slug&gt; [hours]`\\nCreate, list, rename and archive');
  });

  it('invite modal: no label says "(optional)" (Slack adds its own to optional inputs)', () => {
    const view = inviteModal({ a: 'acc', ch: 'C1' } as never);
    const labels = (view.blocks as Array<{ type: string; label?: { text: string } }>)
      .filter((b) => b.type === 'input')
      .map((b) => b.label!.text);
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) expect(label).not.toMatch(/optional/i);
  });

  it('magic link: the URL is a clickable link, not inline code; the expiry is a <!date> in the reader’s time zone', () => {
    const url = 'https://desk.example.com/l/' + 'a'.repeat(43);
    const expiresAt = new Date('2026-12-01T09:30:00Z');
    const message = magicLinkMessage({
      accountId: 'a',
      contactId: 'c',
      contactName: 'Ana',
      url,
      code: '123456',
      section: 'portal',
      expiresAt,
      canEmail: true,
      canSms: false,
    });
    const text = all(message.blocks);
    expect(text).toContain(`<${url}|${url}>`);
    expect(text).not.toContain(`\`${url}\``);
    expect(text).toContain(
      `expires <!date^${expiresAt.getTime() / 1000}^{date_short_pretty} {time}|2026-12-01 09:30 UTC>`,
    );
    expect(formatDate(null)).toBe('never');
  });

  it('stats: the channel message has no button; the remind button is a private offer for admins', () => {
    const stats = {
      portalName: 'Acme',
      portalUrl: 'https://desk.example.com/portal',
      invited: 60,
      active: 40,
      activationRate: 0.4,
      invitedNeverActive: 57,
      staleAfterDays: 7,
      windowDays: 7,
      linksCreated: 1,
      linksSent: 1,
      linksRedeemed: 1,
    } as PortalStats;
    const posted = statsMessage(stats);
    expect(posted.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(all(posted)).not.toContain(actionIds.remindFromStats);
    const offer = remindOffer(stats);
    expect(offer.text).toContain('Only you can see this');
    expect(offer.blocks.find((b) => b.type === 'actions')).toMatchObject({
      elements: [{ action_id: actionIds.remindFromStats, text: { text: 'Remind 57 inactive' }, value: '{"d":7}' }],
    });
  });
});
