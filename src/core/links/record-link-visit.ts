import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { contactRef } from '../audit/actor.ts';

/** Why a visit looks like a machine rather than the person the link was sent to. */
export type ScannerSign = 'head_request' | 'scanner_user_agent' | 'too_soon_after_sending';

export interface RecordLinkVisitOptions {
  link: { id: string; accountId: string; contact: { id: string }; sentAt: Date | null; firstSeenAt: Date | null };
  /** Signs the transport saw (method, user agent). */
  signs: ScannerSign[];
  /** Kept short in the audit trail; never a token. */
  userAgent?: string;
}

/** People do not open a link this soon after it was sent; mail scanners do. */
export const scannerWindowMs = 10_000;

/**
 * Notes that a link was opened (firstSeenAt) without spending it, and when the
 * visit looks like an email scanner or a chat unfurler, leaves an audit event
 * on the contact so support can see "opened by a scanner at …".
 * @returns the signs found, including the timing one
 */
export async function recordLinkVisit(
  core: Core,
  options: RecordLinkVisitOptions,
): Promise<{ scanner: boolean; signs: ScannerSign[] }> {
  const now = core.now();
  const signs = [...options.signs];
  const { link } = options;
  if (link.sentAt && now.getTime() - link.sentAt.getTime() < scannerWindowMs) signs.push('too_soon_after_sending');
  if (!link.firstSeenAt)
    await core.db.loginToken.updateMany({ where: { id: link.id, firstSeenAt: null }, data: { firstSeenAt: now } });
  if (signs.length > 0) {
    await recordAuditEvent(core, core.db, {
      accountId: link.accountId,
      actor: 'system',
      action: 'link.scanned',
      subject: contactRef(link.contact.id),
      metadata: { linkId: link.id, signs, userAgent: options.userAgent?.slice(0, 160) },
      at: now,
    });
  }
  return { scanner: signs.length > 0, signs };
}
