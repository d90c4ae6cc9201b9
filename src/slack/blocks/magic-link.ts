import type { KnownBlock } from '@slack/types';
import type { Section } from '../../core/access/sections.ts';
import { actionIds } from '../action-ids.ts';
import { button, context, escapeText, formatDate, section } from './text.ts';

export interface ShownLink {
  accountId: string;
  contactId: string;
  contactName: string;
  url: string;
  code: string;
  section: Section;
  resourceName?: string;
  /** A link that lands in an app: its id (kept in the buttons), name and path. */
  app?: { id: string; name: string; path: string };
  expiresAt: Date;
  canEmail: boolean;
  canSms: boolean;
}

/** What the buttons under a shown link need to act again: never the token. */
export function linkActionValue(
  link: Pick<ShownLink, 'accountId' | 'contactId' | 'section' | 'resourceName' | 'app'>,
): string {
  // The app by id, not name: a renamed app still gets the link; a revoked one refuses it by name.
  return JSON.stringify({
    a: link.accountId,
    c: link.contactId,
    s: link.section,
    r: link.resourceName ?? null,
    ...(link.app ? { p: link.app.id, q: link.app.path } : {}),
  });
}

/**
 * A magic link shown to the one person who asked (ephemeral message or their
 * own modal). Sending it on mints a fresh link for the channel, which revokes
 * this one; the text says so.
 */
export function magicLinkMessage(link: ShownLink): { text: string; blocks: KnownBlock[] } {
  const where = link.app
    ? `${link.app.name} at ${link.app.path}`
    : link.section === 'portal'
      ? 'the whole portal'
      : `${link.section}${link.resourceName ? ` / ${link.resourceName}` : ''}`;
  const value = linkActionValue(link);
  const elements = [button('Regenerate', actionIds.linkRegenerate, value)];
  if (link.canEmail) elements.unshift(button('Send by email', actionIds.linkSendEmail, value, 'primary'));
  if (link.canSms) elements.splice(link.canEmail ? 1 : 0, 0, button('Send by SMS', actionIds.linkSendSms, value));
  return {
    text: `Magic link for ${link.contactName} (only you can see this)`,
    blocks: [
      // A real link (Slack does not make a URL in inline code clickable), the URL itself as its text.
      section(
        `*Magic link for ${escapeText(link.contactName)}* to ${escapeText(where)}. Only you can see this.\n<${link.url}|${link.url}>`,
      ),
      context(
        `One-time link; expires ${formatDate(link.expiresAt)}. Code: \`${link.code}\`. Only shown to you, so the contact's earlier links still work; sending one by email or SMS replaces them (and this one).`,
      ),
      { type: 'actions', elements },
    ],
  };
}
