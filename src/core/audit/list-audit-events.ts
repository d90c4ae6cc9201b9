import type { Core } from '../core.ts';

export interface AuditEventView {
  id: string;
  actor: string;
  action: string;
  subject: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface ListAuditEventsOptions {
  accountId: string;
  /** Only events about this subject, e.g. `contact:<id>` or `link:<id>`. */
  subjects?: string[];
  /** @default 10 */
  limit?: number;
}

/** Most recent first. */
export async function listAuditEvents(core: Core, options: ListAuditEventsOptions): Promise<AuditEventView[]> {
  const rows = await core.db.auditEvent.findMany({
    where: { accountId: options.accountId, ...(options.subjects ? { subject: { in: options.subjects } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(options.limit ?? 10, 200),
  });
  return rows.map((row) => ({ ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> }));
}
