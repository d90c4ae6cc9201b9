import type { HomeView, KnownBlock } from '@slack/types';
import type { PortalStats } from '../../core/stats/count-portal-users.ts';
import type { AuditEventView } from '../../core/audit/list-audit-events.ts';
import { actionIds } from '../action-ids.ts';
import { statsFields } from './stats.ts';
import { button, context, divider, escapeText, formatDate, header, section, truncate } from './text.ts';

export interface HomeData {
  stats: PortalStats;
  events: AuditEventView[];
  /** Readable names for event subjects (contact:<id> -> "Ana Diaz"). */
  subjectNames: Record<string, string>;
  isAdmin: boolean;
  now: Date;
}

const MAX_EVENTS = 10;

function eventLine(event: AuditEventView, names: Record<string, string>): string {
  const subject = event.subject ? ` · ${escapeText(truncate(names[event.subject] ?? event.subject, 80))}` : '';
  const actor = event.actor.startsWith('slack:') ? `<@${event.actor.slice('slack:'.length)}>` : escapeText(event.actor);
  return `${formatDate(event.createdAt)}  *${escapeText(event.action)}*${subject} by ${actor}`;
}

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
  blocks.push(events.length ? section(events.map((e) => eventLine(e, data.subjectNames)).join('\n')) : context('Nothing yet.'));
  blocks.push(context(`Updated ${formatDate(data.now)}. Type \`/portal help\` in any channel for every command.`));
  return { type: 'home', blocks };
}
