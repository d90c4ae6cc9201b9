import { messageAddressOf, type MessageAddress, type MessageAddressRow, type MessagePayload } from './message-view.ts';

/** A message a worker holds (status `sending`), with what it needs to render and send it. */
export interface ClaimedMessage extends MessageAddress {
  payload: MessagePayload;
  attempts: number;
  idempotencyKey: string;
  /** The claim id (worker id + nonce): the outcome is recorded only while this claim holds. */
  claimedBy: string;
  /** Bulk send group: members go out in one request, retried whole; null for single sends. */
  sendGroup: string | null;
  /** When a request for this message first went out (this attempt's claim time on the first attempt). */
  firstAttemptAt: Date | null;
}

export function toClaimedMessage(
  row: MessageAddressRow & {
    payload: string;
    attempts: number;
    idempotencyKey: string;
    claimedBy: string | null;
    sendGroup: string | null;
    firstAttemptAt: Date | null;
  },
): ClaimedMessage {
  return {
    ...messageAddressOf(row),
    payload: JSON.parse(row.payload) as MessagePayload,
    attempts: row.attempts,
    idempotencyKey: row.idempotencyKey,
    claimedBy: row.claimedBy ?? '',
    sendGroup: row.sendGroup,
    firstAttemptAt: row.firstAttemptAt,
  };
}
