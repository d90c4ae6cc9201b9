import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { parseGrantKind, resourceKey } from '../access/sections.ts';
import { toContact, type Contact, type PortalStatus } from './contact-view.ts';

export interface ListContactsOptions {
  accountId: string;
  /** none, invited, active or deactivated (compared as stored, so new statuses need no change here). */
  status?: PortalStatus | 'deactivated';
  /** Only contacts who never signed in (none or invited). */
  neverActivated?: boolean;
  /** Only contacts invited before this time (with neverActivated: "invited over N days ago, never active"). */
  invitedBefore?: Date;
  /** Only contacts with current access of this kind (course, community, affiliate)… */
  grantKind?: string;
  /** …to this course or community. */
  resourceName?: string;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  /** @default 50, at most 200 */
  limit?: number;
}

export interface ContactPage {
  contacts: Contact[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Lists contacts page by page, oldest first. Keyset pagination on the id
 * (ids start with their creation time), so page 1000 costs what page 1 costs
 * and contacts added meanwhile never shift a page.
 */
export async function listContacts(core: Core, options: ListContactsOptions): Promise<ContactPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  let grants = {};
  if (options.grantKind || options.resourceName) {
    const kind = options.grantKind ? parseGrantKind(options.grantKind) : undefined;
    if (options.grantKind && !kind)
      throw invalidInput(`"${options.grantKind}" is not something granted: use course, community or affiliate`);
    const resourceId = options.resourceName ? resourceKey(options.resourceName) : undefined;
    grants = {
      grants: { some: { revokedAt: null, ...(kind ? { kind } : {}), ...(resourceId ? { resourceId } : {}) } },
    };
  }
  const statuses = options.neverActivated
    ? ['none', 'invited'].filter((s) => !options.status || s === options.status)
    : options.status
      ? [options.status]
      : undefined;
  const rows = await core.db.contact.findMany({
    where: {
      accountId: options.accountId,
      ...(statuses ? { status: { in: statuses } } : {}),
      ...(options.invitedBefore ? { invitedAt: { lt: options.invitedBefore } } : {}),
      ...grants,
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: 'asc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    contacts: page.map(toContact),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

function encodeCursor(id: string): string {
  return Buffer.from(`c1:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('c1:') || !/^[\w-]+$/.test(text.slice(3)))
    throw invalidInput('cursor is not one this API gave out');
  return text.slice(3);
}
