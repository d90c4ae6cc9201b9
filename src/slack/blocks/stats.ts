import type { KnownBlock } from '@slack/types';
import type { PortalStats } from '../../core/stats/count-portal-users.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, fields, header, section } from './text.ts';

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The numbers block shared by /portal stats, the daily digest and App Home. */
export function statsFields(stats: PortalStats): KnownBlock[] {
  return [
    section(`*Portal:* <${stats.portalUrl}|${escapeText(stats.portalName)}>  ${escapeText(stats.portalUrl)}`),
    fields([
      `*Invited (not yet active)*\n${stats.invited}`,
      `*Active*\n${stats.active}`,
      `*Activation rate*\n${percent(stats.activationRate)}`,
      `*Invited >${stats.staleAfterDays} days, never signed in*\n${stats.invitedNeverActive}`,
      ...(stats.deactivated > 0 ? [`*Turned off*\n${stats.deactivated}`] : []),
      `*Links sent (last ${stats.windowDays} days)*\n${stats.linksSent}`,
      `*Links redeemed (last ${stats.windowDays} days)*\n${stats.linksRedeemed}`,
    ]),
  ];
}

export function remindButtonText(count: number): string {
  return `Remind ${count} inactive`;
}

/**
 * /portal stats and the daily digest, posted for everyone: numbers only. The
 * reminder button is for admins and goes to them privately (`remindOffer`):
 * in the channel, everyone saw it and non-admins were refused when they pressed it.
 */
export function statsMessage(
  stats: PortalStats,
  options: { title?: string } = {},
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [header(options.title ?? `${stats.portalName}: portal stats`), ...statsFields(stats)];
  if (stats.invitedNeverActive > 0) {
    blocks.push(
      section(`*${stats.invitedNeverActive}* invited more than ${stats.staleAfterDays} days ago never signed in.`),
    );
  }
  blocks.push(
    context(`Activation rate = active / (invited + active). Links counted over the last ${stats.windowDays} days.`),
  );
  const text = `${stats.portalName}: ${stats.invited} invited, ${stats.active} active (${percent(stats.activationRate)}), ${stats.invitedNeverActive} never signed in after ${stats.staleAfterDays} days`;
  return { text, blocks };
}

/**
 * Shown only to an admin who ran /portal stats: the button re-sends the
 * invite to those who never signed in. It carries the staleness window so the
 * confirmation counts the same people.
 */
export function remindOffer(stats: PortalStats): { text: string; blocks: KnownBlock[] } {
  const sentence = `${stats.invitedNeverActive} invited more than ${stats.staleAfterDays} days ago never signed in. Only you can see this.`;
  return {
    text: sentence,
    blocks: [
      section(`*${sentence.replace(/^(\d+)/, '$1*')}`),
      {
        type: 'actions',
        elements: [
          button(
            remindButtonText(stats.invitedNeverActive),
            actionIds.remindFromStats,
            JSON.stringify({ d: stats.staleAfterDays }),
            'primary',
          ),
        ],
      },
    ],
  };
}
