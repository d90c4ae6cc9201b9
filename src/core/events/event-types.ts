/** Events a webhook subscription can receive: the audit actions of the same name. */
export const outgoingEventTypes = [
  'contact.invited',
  'contact.activated',
  'link.redeemed',
  'access.granted',
  'access.revoked',
  'message.failed',
  'contact.deactivated',
  'contact.reactivated',
  'contact.erased',
  'contact.edited',
] as const;
export type OutgoingEventType = (typeof outgoingEventTypes)[number];

export function isOutgoingEventType(value: string): value is OutgoingEventType {
  return (outgoingEventTypes as readonly string[]).includes(value);
}

/** The JSON body a subscriber receives. */
export interface OutgoingEvent {
  /** Stable across retries: subscribers drop duplicates by it. */
  id: string;
  type: OutgoingEventType;
  createdAt: string;
  accountId: string;
  data: Record<string, unknown>;
}
