import { portalSiteUrl } from '../accounts/portal-site-url.ts';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvents } from '../audit/record-audit-event.ts';
import { isSection, resourceKey, sectionPath, type Section } from '../access/sections.ts';
import { lifetimeMinutes, linkPurposes, signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { linkCode, linkToken, linkTokenHash, linkUrl } from './link-secrets.ts';
import { countLinkDay } from './link-day-counts.ts';
import { appLaunchPath, resolveAppLinkTarget } from '../oidc/app-link-target.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import { accountArchived } from '../accounts/assert-account-open.ts';

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
  actor: Actor;
  /**
   * Leave the contact's other unused links alone (true), or revoke them
   * (false). The outbox sets true when a template asks for a second section
   * link: minting it must not revoke the link the same message carries.
   * @default revoke only when the link is sent by email or SMS: a link minted
   * to show an admin (slack, none, api) must not break the invite the contact
   * already has.
   */
  keepOlder?: boolean;
  /** Land in an app instead of the portal: its id or name (it must have a login URL). */
  app?: string;
  /** The path inside the app. @default "/" */
  appPath?: string;
}

export interface MagicLink {
  id: string;
  /** Show once, never store: only its hash is kept. */
  url: string;
  token: string;
  /** The 6-digit code that signs in like the link (login and invite links). */
  code: string;
  /** Earlier unused links of the same family this one revoked (for the whole call when minting many). */
  replacedLinks: number;
  purpose: LinkPurpose;
  section: Section;
  path: string;
  /** Set when the link lands in an app: which one (its id is what to keep to act again) and where in it. */
  app?: { id: string; name: string; path: string };
  expiresAt: Date;
}

/**
 * Mints a one-time link for a contact. A sign-in link sent by email or SMS
 * revokes the contact's older unused sign-in links, so only the newest one
 * that went out works; one only shown to an admin leaves them working.
 */
export async function createMagicLink(core: Core, options: CreateMagicLinkOptions): Promise<MagicLink> {
  return core.db.$transaction((tx) => createMagicLinkInTx(core, tx, options));
}

export async function createMagicLinkInTx(core: Core, tx: Tx, options: CreateMagicLinkOptions): Promise<MagicLink> {
  const { contactId, sentVia, messageId, ...shared } = options;
  const [link] = await createMagicLinksInTx(core, tx, { ...shared, links: [{ contactId, sentVia, messageId }] });
  return link!;
}

export interface CreateMagicLinksOptions extends Omit<CreateMagicLinkOptions, 'contactId' | 'sentVia' | 'messageId'> {
  /** One link per entry, all with the same purpose, section and lifetime. */
  links: Array<{ contactId: string; sentVia?: string; messageId?: string }>;
}

/**
 * Mints links for many contacts with a fixed number of statements (bulk
 * invites mint thousands). Each contact gets one link; their older unused
 * sign-in links are revoked unless `keepOlder`.
 */
export async function createMagicLinksInTx(core: Core, tx: Tx, options: CreateMagicLinksOptions): Promise<MagicLink[]> {
  const purpose = options.purpose ?? 'login';
  const section = options.section ?? 'portal';
  if (!linkPurposes.includes(purpose)) throw invalidInput(`unknown link purpose "${purpose}"`);
  if (!isSection(section))
    throw invalidInput(`unknown section "${section}": use portal, courses, communities or affiliates`);
  const resourceName = options.resourceName?.trim() || undefined;
  if (resourceName && (section === 'portal' || section === 'affiliates'))
    throw invalidInput(`only courses and communities have named items; ${section} does not`);
  if (options.links.length === 0) return [];
  const account = await tx.account.findUnique({ where: { id: options.accountId } });
  if (!account) throw new AppError('account_not_found', `no account ${options.accountId}`);
  if (account.archivedAt) throw accountArchived(account.slug);
  const contactIds = [...new Set(options.links.map((link) => link.contactId))];
  const found = await tx.contact.findMany({
    where: { id: { in: contactIds }, accountId: options.accountId },
    select: { id: true, status: true },
  });
  if (found.length !== contactIds.length) {
    const known = new Set(found.map((c) => c.id));
    throw new AppError('contact_not_found', `no contact ${contactIds.find((id) => !known.has(id))}`);
  }
  const turnedOff = found.find((contact) => contact.status === 'deactivated');
  if (turnedOff)
    throw new AppError(
      'contact_deactivated',
      'access is turned off for this contact: reactivate them before sending a link',
      { contactId: turnedOff.id },
    );

  const now = core.now();
  const revokeFamily = signInPurposes.includes(purpose) ? signInPurposes : [purpose];
  const sentOut = (link: { sentVia?: string }) => link.sentVia === 'email' || link.sentVia === 'sms';
  const replacing = new Set(
    options.keepOlder === true
      ? []
      : options.links.filter((link) => options.keepOlder === false || sentOut(link)).map((link) => link.contactId),
  );
  let replacedLinks = 0;
  if (replacing.size > 0) {
    ({ count: replacedLinks } = await tx.loginToken.updateMany({
      where: {
        contactId: { in: [...replacing] },
        purpose: { in: revokeFamily },
        usedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
      },
      data: { revokedAt: now },
    }));
  }
  const resourceId = resourceName ? resourceKey(resourceName) : null;
  const target = options.app
    ? await resolveAppLinkTarget(tx, { accountId: options.accountId, app: options.app, path: options.appPath })
    : null;
  const expiresAt = new Date(now.getTime() + lifetimeMinutes(account, purpose) * 60_000);
  const minted = options.links.map((link) => {
    const id = newId();
    return { id, token: linkToken(core.linkKey, id), ...link };
  });
  await tx.loginToken.createMany({
    data: minted.map((link) => ({
      id: link.id,
      accountId: account.id,
      contactId: link.contactId,
      purpose,
      tokenHash: linkTokenHash(link.token),
      keyId: core.linkKeyId,
      section,
      resourceId,
      resourceName: resourceName ?? null,
      expiresAt,
      createdBy: options.actor,
      sentVia: link.sentVia ?? null,
      messageId: link.messageId ?? null,
      appId: target?.appId ?? null,
      appPath: target?.appPath ?? null,
      createdAt: now,
    })),
  });
  if (signInPurposes.includes(purpose)) {
    const sent = minted.filter((link) => link.sentVia === 'email' || link.sentVia === 'sms').length;
    await countLinkDay(tx, account.id, now, { created: minted.length, sent });
  }
  await recordAuditEvents(
    core,
    tx,
    minted.map((link) => ({
      accountId: account.id,
      actor: options.actor,
      action: 'link.created',
      subject: contactRef(link.contactId),
      metadata: {
        linkId: link.id,
        purpose,
        section,
        resourceName,
        sentVia: link.sentVia,
        keptOlder: !replacing.has(link.contactId),
        ...(target ? { app: target.appId, path: target.appPath } : {}),
      },
      at: now,
    })),
  );
  return minted.map((link) => ({
    id: link.id,
    token: link.token,
    url: linkUrl(portalSiteUrl(core, account), link.token),
    code: linkCode(core.linkKey, link.id),
    replacedLinks,
    purpose,
    section,
    path: target ? appLaunchPath(target.appId, target.appPath) : sectionPath(section, resourceId),
    ...(target ? { app: { id: target.appId, name: target.appName, path: target.appPath } } : {}),
    expiresAt,
  }));
}
