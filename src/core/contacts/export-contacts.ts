import type { Core } from '../core.ts';
import { listContacts, type ListContactsOptions } from './list-contacts.ts';
import { csvLine } from './csv-cell.ts';

export const exportColumns = [
  'id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'status',
  'invited_at',
  'activated_at',
  'last_login_at',
  'created_at',
  'grants',
] as const;

const PAGE = 200;
const iso = (date: Date | null) => (date ? date.toISOString() : '');

/**
 * The contacts a list filter selects, as CSV text in pieces: a header, then
 * one piece per page of 200, so a million contacts stream in constant memory
 * (each page is one keyset query and one grants query). The grants column
 * uses the import's format (`course:Intro to SEO;affiliate`), so an export
 * can be imported elsewhere.
 */
export async function* exportContacts(
  core: Core,
  options: Omit<ListContactsOptions, 'cursor' | 'limit'>,
): AsyncGenerator<string> {
  yield csvLine([...exportColumns]);
  let cursor: string | undefined;
  do {
    const page = await listContacts(core, { ...options, cursor, limit: PAGE });
    const grants = page.contacts.length
      ? await core.db.accessGrant.findMany({
          where: { contactId: { in: page.contacts.map((c) => c.id) }, revokedAt: null },
          orderBy: { grantedAt: 'asc' },
          select: { contactId: true, kind: true, resourceName: true },
        })
      : [];
    const grantsOf = new Map<string, string[]>();
    for (const g of grants)
      grantsOf.set(g.contactId, [
        ...(grantsOf.get(g.contactId) ?? []),
        g.kind === 'affiliate' ? 'affiliate' : `${g.kind}:${g.resourceName}`,
      ]);
    yield page.contacts
      .map((c) =>
        csvLine([
          c.id,
          c.email,
          c.phone,
          c.firstName,
          c.lastName,
          c.status,
          iso(c.invitedAt),
          iso(c.activatedAt),
          iso(c.lastLoginAt),
          iso(c.createdAt),
          (grantsOf.get(c.id) ?? []).join(';'),
        ]),
      )
      .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
