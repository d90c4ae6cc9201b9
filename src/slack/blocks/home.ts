import type { HomeView, KnownBlock } from '@slack/types';
import type { PortalStats } from '../../core/stats/count-portal-users.ts';
import type { DescribedEvent } from '../../core/audit/audit-sentence.ts';
import { auditLine } from './audit-lines.ts';
import { actionIds } from '../action-ids.ts';
import { statsFields } from './stats.ts';
import { button, context, divider, formatDate, header, section } from './text.ts';

export interface HomeData {
  stats: PortalStats;
  /** As sentences: "Ana invited by @maria" (names left out for non-admins by describeAuditEvents). */
  events: DescribedEvent[];
  isAdmin: boolean;
  now: Date;
}

const MAX_EVENTS = 10;

/** App Home: the same counts as stats, the last ten things that happened, and the three main actions. */
export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [header(`${data.stats.portalName}: Portal Desk`), ...statsFields(data.stats)];
  if (data.isAdmin) {
    blocks.push({
      type: 'actions',
      elements: [
        button('Invite contacts', actionIds.homeInvite, undefined, 'primary'),
        button('Magic link', actionIds.homeMagicLink),
        button('Send login emails', actionIds.homeLoginEmail),
      ],
    });
  } else {
    blocks.push(context('Inviting, links and grants are for portal admins (PORTAL_ADMINS).'));
  }
  blocks.push(divider(), section('*Recent activity*'));
  const events = data.events.slice(0, MAX_EVENTS);
  blocks.push(events.length ? section(events.map(auditLine).join('\n').slice(0, 3000)) : context('Nothing yet.'));
  blocks.push(context(`Updated ${formatDate(data.now)}. Type \`/portal help\` in any channel for every command.`));
  return { type: 'home', blocks };
}
