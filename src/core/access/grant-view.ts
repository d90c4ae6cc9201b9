import type { GrantKind } from './sections.ts';

export interface Grant {
  id: string;
  contactId: string;
  kind: GrantKind;
  resourceId: string;
  resourceName: string;
  grantedBy: string;
  grantedAt: Date;
  revokedAt: Date | null;
}

export function toGrant(row: Omit<Grant, 'kind'> & { kind: string }): Grant {
  return {
    id: row.id,
    contactId: row.contactId,
    kind: row.kind as GrantKind,
    resourceId: row.resourceId,
    resourceName: row.resourceName,
    grantedBy: row.grantedBy,
    grantedAt: row.grantedAt,
    revokedAt: row.revokedAt,
  };
}
