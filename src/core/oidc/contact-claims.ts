import type { Core } from '../core.ts';
import { listGrants } from '../access/list-grants.ts';

export interface PortalAccess {
  kind: string;
  resource_name: string;
  resource_id: string;
  resource_url?: string;
}

export interface ContactClaims {
  accountId: string;
  contactId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  portalAccess: PortalAccess[];
}

/**
 * What an app may learn about a contact, read fresh on every token and
 * userinfo request: a revoked grant is gone from the next one. Null when the
 * contact no longer exists (erased) or is deactivated, which makes the provider refuse tokens.
 */
export async function readContactClaims(core: Core, options: { contactId: string }): Promise<ContactClaims | null> {
  const contact = await core.db.contact.findUnique({ where: { id: options.contactId } });
  // Deactivated (the lifecycle's status) counts as gone: no token, refresh or userinfo.
  if (!contact || contact.status === 'deactivated') return null;
  const grants = await listGrants(core, { accountId: contact.accountId, contactId: contact.id });
  const urls = new Map(
    (
      await core.db.accessGrant.findMany({
        where: { contactId: contact.id, revokedAt: null, resourceUrl: { not: null } },
        select: { id: true, resourceUrl: true },
      })
    ).map((g) => [g.id, g.resourceUrl!]),
  );
  return {
    accountId: contact.accountId,
    contactId: contact.id,
    email: contact.email,
    phone: contact.phone,
    firstName: contact.firstName,
    lastName: contact.lastName,
    portalAccess: grants.map((grant) => ({
      kind: grant.kind,
      resource_name: grant.resourceName,
      resource_id: grant.resourceId,
      ...(urls.has(grant.id) ? { resource_url: urls.get(grant.id)! } : {}),
    })),
  };
}
