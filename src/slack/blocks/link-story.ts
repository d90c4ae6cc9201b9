import type { LinkStories, LinkStory } from '../../core/links/list-link-story.ts';
import { escapeText, formatDate, truncate } from './text.ts';

const purposeText: Record<string, string> = { invite: 'Invite link', login: 'Login link' };
const viaText: Record<string, string> = {
  email: 'by email',
  sms: 'by SMS',
  slack: 'shown in Slack',
  api: 'returned to the API',
  none: 'shown, not sent',
};

/** How a link left: sent (when, how) and the provider's word on delivery, or shown to someone. */
function sentPart(link: LinkStory): string {
  const via = viaText[link.sentVia ?? 'none'] ?? link.sentVia ?? '';
  if (!link.message) return `created ${formatDate(link.createdAt)}, ${via}`;
  const m = link.message;
  if (m.status === 'pending' || m.status === 'sending')
    return `queued ${formatDate(link.createdAt)} ${via}, not sent yet`;
  if (m.status === 'cancelled') return `never sent ${via} (${escapeText(truncate(m.lastError ?? 'cancelled', 80))})`;
  if (m.status === 'failed' || m.status === 'dead')
    return `*not delivered* ${via}: ${escapeText(truncate(m.lastError ?? m.status, 120))}`;
  const delivery =
    m.deliveryStatus === 'bounced' || m.deliveryStatus === 'complained'
      ? `, *${m.deliveryStatus}*${m.lastError ? ` (${escapeText(truncate(m.lastError, 100))})` : ''}`
      : m.deliveryStatus === 'delivered'
        ? `, delivered ${formatDate(m.deliveryAt)}`
        : m.deliveryStatus
          ? `, ${escapeText(m.deliveryStatus)}`
          : '';
  return `sent ${via} ${formatDate(m.sentAt)}${delivery}`;
}

/** The end of a link's story: still works, used, expired, replaced, or turned off. */
function endPart(link: LinkStory, newer: LinkStory | undefined, turnedOff: boolean): string {
  if (link.state === 'used') return `:white_check_mark: used ${formatDate(link.usedAt)}`;
  if (link.state === 'expired') return `expired ${formatDate(link.expiresAt)}`;
  if (link.state === 'revoked') {
    // Minting a link revokes the older ones in the same instant, so equal times mean "replaced".
    if (newer && link.revokedAt && newer.createdAt.getTime() === link.revokedAt.getTime())
      return 'replaced by a newer link';
    return turnedOff ? 'revoked when access was turned off' : `revoked ${formatDate(link.revokedAt)}`;
  }
  return `still works until ${formatDate(link.expiresAt)}`;
}

/** "Latest links" on the contact card, newest first, with the number still live. */
export function linkStoryLines(stories: LinkStories, turnedOff: boolean): string[] {
  const lines = [`*Latest links* (${stories.liveLinks} live)`];
  if (stories.links.length === 0) lines.push('No sign-in links yet.');
  stories.links.forEach((link, index) => {
    const newer = stories.links
      .slice(0, index)
      .find((other) => link.revokedAt !== null && other.createdAt.getTime() === link.revokedAt.getTime());
    const scanned = link.scannedAt
      ? `, opened by a mail scanner ${formatDate(link.scannedAt)} (it still worked after)`
      : '';
    lines.push(
      `• ${purposeText[link.purpose] ?? link.purpose}: ${sentPart(link)}${scanned}; ${endPart(link, newer, turnedOff)}`,
    );
  });
  return lines;
}
