import type { HomeView, KnownBlock } from '@slack/types';
import type { PortalStats } from '../../core/stats/count-portal-users.ts';
import type { DescribedEvent } from '../../core/audit/audit-sentence.ts';
import { auditLine } from './audit-lines.ts';
import { actionIds } from '../action-ids.ts';
import { statsFields } from './stats.ts';
import { button, context, divider, escapeText, formatDate, header, plain, section, truncate } from './text.ts';

export interface HomeData {
  /** The account shown; the buttons act on it. */
  accountId: string;
  /** Accounts the viewer may switch to (the shown one included); a chooser appears when there are two or more. */
  accounts?: Array<{ id: string; name: string; slug: string }>;
  stats: PortalStats;
  /** As sentences: "Ana invited by @maria" (names left out for non-admins by describeAuditEvents). */
  events: DescribedEvent[];
  isAdmin: boolean;
  now: Date;
}

const MAX_EVENTS = 10;

/** The account the view shows, kept in its private_metadata so a re-publish stays on it. */
export function homeAccountOf(privateMetadata: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as { a?: unknown };
    return typeof parsed.a === 'string' ? parsed.a : undefined;
  } catch {
    return undefined;
  }
}

function accountChooser(accounts: NonNullable<HomeData['accounts']>, shownId: string): KnownBlock {
  const options = accounts.slice(0, 100).map((a) => ({
    text: plain(truncate(`${a.name} (${a.slug})`, 75), 75),
    value: a.id,
  }));
  const shown = options.find((o) => o.value === shownId);
  return {
    type: 'actions',
    elements: [
      {
        type: 'static_select',
        action_id: actionIds.homeAccount,
        placeholder: plain('Portal account', 150),
        options,
        ...(shown ? { initial_option: shown } : {}),
      },
    ],
  };
}

/** App Home: the same counts as stats, the last ten things that happened, and the three main actions. */
export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [header(`${data.stats.portalName}: Portal Desk`)];
  if (data.accounts && data.accounts.length > 1)
    blocks.push(
      context('This workspace serves several portals. Showing the one chosen here:'),
      accountChooser(data.accounts, data.accountId),
    );
  blocks.push(...statsFields(data.stats));
  if (data.isAdmin) {
    const on = JSON.stringify({ a: data.accountId });
    blocks.push({
      type: 'actions',
      elements: [
        button('Invite contacts', actionIds.homeInvite, on, 'primary'),
        button('Magic link', actionIds.homeMagicLink, on),
        button('Send login emails', actionIds.homeLoginEmail, on),
      ],
    });
  } else {
    // Admins are per account (and operators): PORTAL_ADMINS alone no longer says who they are.
    blocks.push(context(`Inviting, links and grants are for the admins of ${escapeText(data.stats.portalName)}.`));
  }
  blocks.push(divider(), section('*Recent activity*'));
  const events = data.events.slice(0, MAX_EVENTS);
  blocks.push(events.length ? section(events.map(auditLine).join('\n').slice(0, 3000)) : context('Nothing yet.'));
  blocks.push(context(`Updated ${formatDate(data.now)}. Type \`/portal help\` in any channel for every command.`));
  return { type: 'home', private_metadata: JSON.stringify({ a: data.accountId }), blocks };
}
