import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseGrantTarget, type GrantTarget } from './grant-target.ts';
import { toGrant, type Grant } from './grant-view.ts';
import { checkAppAddress } from '../oidc/app-address-rules.ts';
import { type Actor, contactRef } from '../audit/actor.ts';

export interface GrantAccessOptions {
  accountId: string;
  contactId: string;
  kind: string;
  /** Course or community name; not needed for the affiliate area. */
  resourceName?: string;
  /** Where the course or community really lives (in an app): /portal links there, and apps see it in portal_access. */
  resourceUrl?: string;
  actor: Actor;
}

export interface GrantAccessResult {
  grant: Grant;
  /** false when the contact already had this access: nothing is sent (its URL may still be new, see resourceUrlSet). */
  changed: boolean;
  /** Where the course or community lives after this call (null: nowhere else than the portal). */
  resourceUrl: string | null;
  /** true when this call gave the grant a URL it did not have before. */
  resourceUrlSet: boolean;
}

/**
 * Gives a contact a course, a community or the affiliate area. Work that must
 * happen with a new grant (the "access granted" automation) is in
 * `core.hooks.accessGranted` and runs in the grant's transaction.
 */
export async function grantAccess(core: Core, options: GrantAccessOptions): Promise<GrantAccessResult> {
  const target = parseGrantTarget(options.kind, options.resourceName);
  const resourceUrl = options.resourceUrl ? checkAppAddress('resourceUrl', options.resourceUrl) : undefined;
  return core.db.$transaction((tx) => grantAccessInTx(core, tx, { ...options, target, resourceUrl }));
}

export async function grantAccessInTx(
  core: Core,
  tx: Tx,
  options: {
    accountId: string;
    contactId: string;
    target: GrantTarget;
    actor: Actor /** @default true */;
    runHooks?: boolean;
    resourceUrl?: string;
  },
): Promise<GrantAccessResult> {
  const contact = await tx.contact.findFirst({
    where: { id: options.contactId, accountId: options.accountId },
    select: { id: true },
  });
  if (!contact) throw new AppError('contact_not_found', `no contact ${options.contactId}`);
  const { kind, resourceId, resourceName } = options.target;
  const now = core.now();
  const key = { contactId_kind_resourceId: { contactId: contact.id, kind, resourceId } };
  const existing = await tx.accessGrant.findUnique({ where: key });
  if (existing && existing.revokedAt === null) {
    // Same access: only its URL may be new (not a change the contact is told about, but one the audit trail keeps).
    if (!options.resourceUrl || options.resourceUrl === existing.resourceUrl)
      return { grant: toGrant(existing), changed: false, resourceUrl: existing.resourceUrl, resourceUrlSet: false };
    await tx.accessGrant.update({ where: key, data: { resourceUrl: options.resourceUrl } });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'access.url_set',
      subject: contactRef(contact.id),
      metadata: {
        kind,
        resourceId,
        resourceName: existing.resourceName,
        resourceUrl: options.resourceUrl,
        previousUrl: existing.resourceUrl,
      },
      at: now,
    });
    return { grant: toGrant(existing), changed: false, resourceUrl: options.resourceUrl, resourceUrlSet: true };
  }
  const row = existing
    ? await tx.accessGrant.update({
        where: key,
        data: {
          revokedAt: null,
          revokedBy: null,
          grantedAt: now,
          grantedBy: options.actor,
          resourceName,
          ...(options.resourceUrl ? { resourceUrl: options.resourceUrl } : {}),
        },
      })
    : await tx.accessGrant.create({
        data: {
          id: newId(),
          accountId: options.accountId,
          contactId: contact.id,
          kind,
          resourceId,
          resourceName,
          grantedBy: options.actor,
          grantedAt: now,
          resourceUrl: options.resourceUrl ?? null,
        },
      });
  await recordAuditEvent(core, tx, {
    accountId: options.accountId,
    actor: options.actor,
    action: 'access.granted',
    subject: contactRef(contact.id),
    metadata: { kind, resourceId, resourceName, ...(options.resourceUrl ? { resourceUrl: options.resourceUrl } : {}) },
    at: now,
  });
  const grant = toGrant(row);
  if (options.runHooks !== false)
    for (const hook of core.hooks.accessGranted)
      await hook(core, tx, { accountId: options.accountId, contactId: contact.id, grant, actor: options.actor });
  return {
    grant,
    changed: true,
    resourceUrl: row.resourceUrl,
    resourceUrlSet: Boolean(options.resourceUrl) && options.resourceUrl !== existing?.resourceUrl,
  };
}
