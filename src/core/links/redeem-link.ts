import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import { markSignedIn } from '../contacts/portal-status.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { isWellFormedToken, linkTokenHash } from './link-secrets.ts';
import { signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { countLinkDay } from './link-day-counts.ts';

export interface RedeemLinkOptions {
  token: string;
  /** Which purposes this caller redeems. @default invite and login */
  purposes?: LinkPurpose[];
}

export interface RedeemedLink {
  linkId: string;
  accountId: string;
  contact: Contact;
  purpose: LinkPurpose;
  section: Section;
  /** Where to send the person: a fixed portal path, never from the request. */
  path: string;
  /** True when this sign-in made the contact active. */
  firstSignIn: boolean;
}

/** Details carried by link errors: enough to offer a fresh link, nothing secret. */
export interface LinkErrorDetails {
  linkId: string;
  accountId: string;
  contactId: string;
}

/**
 * Spends a link. The spend is one conditional update
 * (unused, unrevoked, unexpired), so of any number of concurrent redemptions
 * exactly one wins; the losers get link_used.
 * @throws AppError link_unknown | link_expired | link_used | link_revoked
 */
export async function redeemLink(core: Core, options: RedeemLinkOptions): Promise<RedeemedLink> {
  if (!isWellFormedToken(options.token)) throw new AppError('link_unknown', 'this link is not valid');
  const tokenHash = linkTokenHash(options.token);
  const purposes = options.purposes ?? signInPurposes;
  const now = core.now();
  return core.db.$transaction(async (tx) => {
    // The spend and the read of the spent link are one statement.
    const [link] = await tx.loginToken.updateManyAndReturn({
      where: { tokenHash, purpose: { in: purposes }, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (!link) throw await whyNotRedeemable(tx, tokenHash, purposes);
    const purpose = link.purpose as LinkPurpose;
    const row = await tx.contact.findUniqueOrThrow({ where: { id: link.contactId } });
    const signsIn = purpose !== 'reset';
    const firstSignIn = signsIn ? await markSignedIn(tx, row, now) : false;
    if (signInPurposes.includes(purpose)) await countLinkDay(tx, link.accountId, now, { redeemed: 1 });
    const actor = `contact:${link.contactId}`;
    const subject = `contact:${link.contactId}`;
    await recordAuditEvents(tx, [
      { accountId: link.accountId, actor, action: 'link.redeemed', subject, metadata: { linkId: link.id, purpose, section: link.section, firstSignIn }, at: now },
      ...(firstSignIn ? [{ accountId: link.accountId, actor, action: 'contact.activated', subject, at: now }] : []),
    ]);
    const contact = signsIn
      ? { ...row, lastLoginAt: now, failedSignIns: 0, ...(firstSignIn ? { status: 'active', activatedAt: now } : {}) }
      : row;
    return {
      linkId: link.id,
      accountId: link.accountId,
      contact: toContact(contact),
      purpose,
      section: link.section as Section,
      path: sectionPath(link.section as Section, link.resourceId),
      firstSignIn,
    };
  });
}

/** The error for a token that did not spend: unknown, or used, revoked or expired. */
async function whyNotRedeemable(tx: Tx, tokenHash: string, purposes: LinkPurpose[]): Promise<AppError> {
  const link = await tx.loginToken.findUnique({ where: { tokenHash } });
  if (!link || !purposes.includes(link.purpose as LinkPurpose)) return new AppError('link_unknown', 'this link is not valid');
  const details: LinkErrorDetails = { linkId: link.id, accountId: link.accountId, contactId: link.contactId };
  if (link.usedAt) return new AppError('link_used', 'this link has already been used', details);
  if (link.revokedAt) return new AppError('link_revoked', 'this link was replaced by a newer one', details);
  return new AppError('link_expired', 'this link has expired', details);
}
