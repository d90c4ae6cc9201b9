import type { Core } from '../core.ts';
import type { Section } from '../access/sections.ts';
import { signInPurposes, type LinkPurpose } from './link-purpose.ts';

/** What happened to one sign-in link, in the order it happens. */
export interface LinkStory {
  id: string;
  purpose: LinkPurpose;
  section: Section;
  resourceName: string | null;
  createdAt: Date;
  createdBy: string;
  /** email | sms | slack | api | none */
  sentVia: string | null;
  /** The message that carried it, when it went by email or SMS. */
  message: {
    status: string;
    sentAt: Date | null;
    deliveryStatus: string | null;
    deliveryAt: Date | null;
    lastError: string | null;
  } | null;
  /** First time a mail scanner or unfurler opened it (the link still works after that). */
  scannedAt: Date | null;
  /** First time anyone opened it. */
  firstSeenAt: Date | null;
  usedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  /** live, used, expired, or revoked: replaced by a newer link, or turned off with the contact's access. */
  state: 'live' | 'used' | 'expired' | 'revoked';
}

export interface LinkStories {
  links: LinkStory[];
  /** Unused, unrevoked, unexpired sign-in links the contact holds right now. */
  liveLinks: number;
}

/**
 * The latest sign-in links of a contact with what happened to each: the
 * contact card's answer to "the link doesn't work". Reads a handful of rows.
 */
export async function listLinkStory(
  core: Core,
  options: { accountId: string; contactId: string; limit?: number },
): Promise<LinkStories> {
  const now = core.now();
  const where = { accountId: options.accountId, contactId: options.contactId, purpose: { in: signInPurposes } };
  const [rows, liveLinks] = await Promise.all([
    core.db.loginToken.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: Math.min(options.limit ?? 3, 20),
    }),
    core.db.loginToken.count({ where: { ...where, usedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
  ]);
  const messageIds = rows.flatMap((row) => (row.messageId ? [row.messageId] : []));
  const [messages, scans] = await Promise.all([
    messageIds.length ? core.db.message.findMany({ where: { id: { in: messageIds } } }) : [],
    rows.length
      ? core.db.auditEvent.findMany({
          where: { subject: `contact:${options.contactId}`, action: 'link.scanned' },
          orderBy: { createdAt: 'asc' },
          take: 200,
        })
      : [],
  ]);
  const messageById = new Map(messages.map((message) => [message.id, message]));
  const scannedAt = new Map<string, Date>();
  for (const scan of scans) {
    const linkId = (JSON.parse(scan.metadata) as { linkId?: string }).linkId;
    if (linkId && !scannedAt.has(linkId)) scannedAt.set(linkId, scan.createdAt);
  }
  const links = rows.map((row): LinkStory => {
    const message = row.messageId ? messageById.get(row.messageId) : undefined;
    const state = row.usedAt ? 'used' : row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'live';
    return {
      id: row.id,
      purpose: row.purpose as LinkPurpose,
      section: row.section as Section,
      resourceName: row.resourceName,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      sentVia: row.sentVia,
      message: message
        ? {
            status: message.status,
            sentAt: message.sentAt,
            deliveryStatus: message.deliveryStatus,
            deliveryAt: message.deliveryAt,
            lastError: message.lastError,
          }
        : null,
      scannedAt: scannedAt.get(row.id) ?? null,
      firstSeenAt: row.firstSeenAt,
      usedAt: row.usedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      state,
    };
  });
  return { links, liveLinks };
}
