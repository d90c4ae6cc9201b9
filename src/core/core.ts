import type { Db, Tx } from '../db/client.ts';
import type { Grant } from './access/grant-view.ts';
import type { RecordedAuditEvent } from './audit/record-audit-event.ts';
import type { Actor } from './audit/actor.ts';

export type AccessGrantedHook = (core: Core, tx: Tx, event: { accountId: string; contactId: string; grant: Grant; actor: Actor }) => Promise<void>;

/** Runs after audit rows are written, in the same transaction (or on the same client when there is none). */
export type AuditRecordedHook = (db: Tx | Db, events: RecordedAuditEvent[]) => Promise<void>;

/**
 * Work attached to domain changes, so the code that makes a change does not
 * import what reacts to it; each runs inside the change's transaction.
 * Registered where the core is built (src/open-core.ts).
 */
export interface CoreHooks {
  accessGranted: AccessGrantedHook[];
  /** Outgoing webhooks (src/core/events/register-outgoing-events.ts). */
  auditRecorded: AuditRecordedHook[];
}

/**
 * What every core function needs. Built once in src/main.ts (and in tests);
 * nothing in here knows about Slack or HTTP.
 */
export interface Core {
  db: Db;
  /** Base URL of this service; links are `${publicUrl}/l/<token>`. */
  publicUrl: string;
  /**
   * Key that derives link tokens and codes from link ids (src/core/links/link-secrets.ts).
   * Only hashes are stored; the key lets the outbox rebuild a link at send time.
   */
  linkKey: Buffer;
  now: () => Date;
  hooks: CoreHooks;
}

export function createCore(options: { db: Db; publicUrl: string; linkKey: Buffer; now?: () => Date }): Core {
  return {
    db: options.db,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    linkKey: options.linkKey,
    now: options.now ?? (() => new Date()),
    hooks: { accessGranted: [], auditRecorded: [] },
  };
}
