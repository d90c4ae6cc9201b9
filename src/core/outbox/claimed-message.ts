import type { MessageChannel, MessagePayload, MessageTemplate } from './message-view.ts';

/** A message a worker holds (status `sending`), with what it needs to render and send it. */
export interface ClaimedMessage {
  id: string;
  accountId: string;
  contactId: string | null;
  channel: MessageChannel;
  template: MessageTemplate;
  toAddress: string;
  payload: MessagePayload;
  attempts: number;
  idempotencyKey: string;
  bulkJobId: string | null;
  /** The send group: messages claimed together and sent in one provider call. */
  claimedBy: string;
}

export function toClaimedMessage(row: {
  id: string; accountId: string; contactId: string | null; channel: string; template: string; toAddress: string; payload: string;
  attempts: number; idempotencyKey: string; bulkJobId: string | null; claimedBy: string | null;
}): ClaimedMessage {
  return {
    id: row.id,
    accountId: row.accountId,
    contactId: row.contactId,
    channel: row.channel as MessageChannel,
    template: row.template as MessageTemplate,
    toAddress: row.toAddress,
    payload: JSON.parse(row.payload) as MessagePayload,
    attempts: row.attempts,
    idempotencyKey: row.idempotencyKey,
    bulkJobId: row.bulkJobId,
    claimedBy: row.claimedBy ?? '',
  };
}
