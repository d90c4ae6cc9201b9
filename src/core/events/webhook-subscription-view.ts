import type { OutgoingEventType } from './event-types.ts';

/** A subscription as people see it: never its secret. */
export interface WebhookSubscription {
  id: string;
  accountId: string;
  url: string;
  events: OutgoingEventType[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export function toWebhookSubscription(row: {
  id: string;
  accountId: string;
  url: string;
  events: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}): WebhookSubscription {
  return {
    id: row.id,
    accountId: row.accountId,
    url: row.url,
    events: row.events.split(',').filter(Boolean) as OutgoingEventType[],
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
