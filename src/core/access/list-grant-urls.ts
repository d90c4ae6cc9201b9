import type { Core } from '../core.ts';

/** Where each of a contact's live grants really lives, when it was given a URL: grant id → URL. */
export async function listGrantUrls(
  core: Core,
  options: { accountId: string; contactId: string },
): Promise<Map<string, string>> {
  const rows = await core.db.accessGrant.findMany({
    where: { accountId: options.accountId, contactId: options.contactId, revokedAt: null, resourceUrl: { not: null } },
    select: { id: true, resourceUrl: true },
  });
  return new Map(rows.map((row) => [row.id, row.resourceUrl!]));
}
