import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import type { AuditEventView } from './list-audit-events.ts';

export interface PageAuditEventsOptions {
  accountId: string;
  /** Events about this contact (subject `contact:<id>`). */
  contactId?: string;
  /** An action (`contact.invited`), or every action of an area with a trailing dot or `*` (`link.`, `link.*`). */
  type?: string;
  /** `slack:U…`, `api:<key id>`, `contact:<id>` or `system`. */
  actor?: string;
  since?: Date;
  until?: Date;
  /** nextCursor of the previous page. */
  cursor?: string;
  /** @default 50, at most 200 */
  limit?: number;
}

export interface AuditEventPage {
  events: AuditEventView[];
  nextCursor: string | null;
}

/**
 * The audit log newest first, a page at a time. Keyset pagination on
 * (createdAt, id), the AuditEvent index's order: page 100 costs what page 1
 * costs, and events appended meanwhile never shift a page.
 */
export async function pageAuditEvents(core: Core, options: PageAuditEventsOptions): Promise<AuditEventPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const prefix = options.type?.replace(/\*$/, '');
  const action = !options.type
    ? {}
    : prefix!.endsWith('.')
      ? { action: { startsWith: prefix } }
      : { action: options.type };
  const createdAt = {
    ...(options.since ? { gte: options.since } : {}),
    ...(options.until ? { lt: options.until } : {}),
  };
  const rows = await core.db.auditEvent.findMany({
    where: {
      accountId: options.accountId,
      ...(options.contactId ? { subject: `contact:${options.contactId}` } : {}),
      ...action,
      ...(options.actor ? { actor: options.actor } : {}),
      ...(Object.keys(createdAt).length ? { createdAt } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((row) => ({ ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(`a1:${last.createdAt.getTime()}:${last.id}`).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const match = /^a1:(\d+):([\w-]+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidInput('cursor is not one this API gave out');
  return { at: new Date(Number(match[1])), id: match[2]! };
}
