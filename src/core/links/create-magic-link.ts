import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isSection, resourceKey, sectionPath, type Section } from '../access/sections.ts';
import { lifetimeMinutes, linkPurposes, signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { linkCode, linkToken, linkTokenHash, linkUrl } from './link-secrets.ts';
import { countLinkDay } from './link-day-counts.ts';

export interface CreateMagicLinkOptions {
  accountId: string;
  contactId: string;
  /** @default "login" */
  purpose?: LinkPurpose;
  /** @default "portal" */
  section?: Section;
  /** One named course or community inside the section. */
  resourceName?: string;
  /** How the link will travel: email, sms, slack (shown to a person), api, none. */
  sentVia?: string;
  messageId?: string;
  actor: string;
  /**
   * Leave the contact's other unused links alone. The outbox sets it when a
   * template asks for a second section link: minting it must not revoke the
   * link the same message carries. @default false
   */
  keepOlder?: boolean;
}

export interface MagicLink {
  id: string;
  /** Show once, never store: only its hash is kept. */
  url: string;
  token: string;
  /** The 6-digit code that signs in like the link (login and invite links). */
  code: string;
  purpose: LinkPurpose;
  section: Section;
  path: string;
  expiresAt: Date;
}

/**
 * Mints a one-time link for a contact. A new sign-in link revokes the
 * contact's older unused sign-in links, so only the newest one works.
 */
export async function createMagicLink(core: Core, options: CreateMagicLinkOptions): Promise<MagicLink> {
  return core.db.$transaction((tx) => createMagicLinkInTx(core, tx, options));
}

export async function createMagicLinkInTx(core: Core, tx: Tx, options: CreateMagicLinkOptions): Promise<MagicLink> {
  const purpose = options.purpose ?? 'login';
  const section = options.section ?? 'portal';
  if (!linkPurposes.includes(purpose)) throw invalidInput(`unknown link purpose "${purpose}"`);
  if (!isSection(section)) throw invalidInput(`unknown section "${section}": use portal, courses, communities or affiliates`);
  const resourceName = options.resourceName?.trim() || undefined;
  if (resourceName && (section === 'portal' || section === 'affiliates')) throw invalidInput(`only courses and communities have named items; ${section} does not`);
  const account = await tx.account.findUnique({ where: { id: options.accountId } });
  if (!account) throw new AppError('account_not_found', `no account ${options.accountId}`);
  const contact = await tx.contact.findFirst({ where: { id: options.contactId, accountId: options.accountId }, select: { id: true } });
  if (!contact) throw new AppError('contact_not_found', `no contact ${options.contactId}`);

  const now = core.now();
  const revokeFamily = signInPurposes.includes(purpose) ? signInPurposes : [purpose];
  const revoked = options.keepOlder
    ? { count: 0 }
    : await tx.loginToken.updateMany({
        where: { contactId: contact.id, purpose: { in: revokeFamily }, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { revokedAt: now },
      });
  const id = newId();
  const token = linkToken(core.linkKey, id);
  const resourceId = resourceName ? resourceKey(resourceName) : null;
  const expiresAt = new Date(now.getTime() + lifetimeMinutes(account, purpose) * 60_000);
  await tx.loginToken.create({
    data: {
      id,
      accountId: account.id,
      contactId: contact.id,
      purpose,
      tokenHash: linkTokenHash(token),
      section,
      resourceId,
      resourceName: resourceName ?? null,
      expiresAt,
      createdBy: options.actor,
      sentVia: options.sentVia ?? null,
      messageId: options.messageId ?? null,
      createdAt: now,
    },
  });
  if (signInPurposes.includes(purpose)) {
    await countLinkDay(tx, account.id, now, { created: 1, sent: options.sentVia === 'email' || options.sentVia === 'sms' ? 1 : 0 });
  }
  await recordAuditEvent(tx, {
    accountId: account.id,
    actor: options.actor,
    action: 'link.created',
    subject: `contact:${contact.id}`,
    metadata: { linkId: id, purpose, section, resourceName, sentVia: options.sentVia, revokedOlder: revoked.count },
    at: now,
  });
  return { id, token, url: linkUrl(core.publicUrl, token), code: linkCode(core.linkKey, id), purpose, section, path: sectionPath(section, resourceId), expiresAt };
}
