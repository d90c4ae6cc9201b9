import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db, Tx } from '../db/client.ts';
import type { Grant } from './access/grant-view.ts';
import type { RecordedAuditEvent } from './audit/record-audit-event.ts';
import { hmac } from './shared/secret-hash.ts';
import type { LinkKey } from './links/link-keys.ts';

/** The id of a bare key (tests and tools that pass one key): the same fingerprint linkKeyFromSecret gives. */
function legacyKeyId(key: Buffer): string {
  return hmac(key, 'portal-desk:key-id').toString('hex').slice(0, 8);
}
import type { Actor } from './audit/actor.ts';

export type AccessGrantedHook = (
  core: Core,
  tx: Tx,
  event: { accountId: string; contactId: string; grant: Grant; actor: Actor },
) => Promise<void>;

/** Why a contact's sign-ins were ended: deactivated, erased, or signed out everywhere by support. */
export type AccessEndedReason = 'deactivated' | 'erased' | 'signed_out_everywhere';

/**
 * Runs when support ends a contact's sign-ins (deactivate, erase, sign out
 * everywhere), inside that change's transaction, after the portal's own
 * sessions and links are gone: where other sign-in systems (OIDC provider
 * sessions and grants) end theirs. For `erased` the contact row is already deleted.
 */
export type ContactAccessEndedHook = (
  core: Core,
  tx: Tx,
  event: { accountId: string; contactId: string; reason: AccessEndedReason; actor: Actor },
) => Promise<void>;

/** Runs after audit rows are written, in the same transaction (or on the same client when there is none). */
export type AuditRecordedHook = (db: Tx | Db, events: RecordedAuditEvent[]) => Promise<void>;

/**
 * Work attached to domain changes, so the code that makes a change does not
 * import what reacts to it; each runs inside the change's transaction.
 * Registered where the core is built (src/open-core.ts).
 */
export interface CoreHooks {
  accessGranted: AccessGrantedHook[];
  contactAccessEnded: ContactAccessEndedHook[];
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
   * PORTAL_BASE_DOMAIN: an account without a custom domain is served at
   * `<slug>.<portalBaseDomain>`; unset: at `${publicUrl}/a/<slug>` (src/core/accounts/portal-site-url.ts).
   */
  portalBaseDomain?: string;
  /**
   * Key that derives link tokens and codes from link ids (src/core/links/link-secrets.ts).
   * Only hashes are stored; the key lets the outbox rebuild a link at send time.
   */
  linkKey: Buffer;
  /** Id of `linkKey`, recorded on every new link (LoginToken.keyId). */
  linkKeyId: string;
  /** Every key a live link may have been minted with, the current one first (rotation: SESSION_SECRET_PREVIOUS). */
  linkKeys: LinkKey[];
  now: () => Date;
  hooks: CoreHooks;
  /**
   * OUTBOX_LEASE_SECONDS in ms: a dead process's claims (outbox messages,
   * bulk jobs) move to a live one within this time; live ones renew theirs.
   */
  leaseMs: number;
  /** This process, in lease holders (BulkJob.leasedBy). */
  instanceId: string;
}

/**
 * @param options.linkKey the current key, or
 * @param options.linkKeys every key, the current one first (key rotation)
 */
export function createCore(options: {
  db: Db;
  publicUrl: string;
  portalBaseDomain?: string;
  linkKey?: Buffer;
  linkKeys?: LinkKey[];
  now?: () => Date;
  leaseMs?: number;
}): Core {
  const keys = options.linkKeys ?? [{ id: legacyKeyId(options.linkKey!), key: options.linkKey! }];
  return {
    db: options.db,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    portalBaseDomain: options.portalBaseDomain,
    linkKey: keys[0]!.key,
    linkKeyId: keys[0]!.id,
    linkKeys: keys,
    now: options.now ?? (() => new Date()),
    hooks: { accessGranted: [], contactAccessEnded: [], auditRecorded: [] },
    leaseMs: options.leaseMs ?? 30_000,
    instanceId: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
  };
}
