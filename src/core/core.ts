import type { Db, Tx } from '../db/client.ts';
import type { Grant } from './access/grant-view.ts';
import { hmac } from './shared/secret-hash.ts';
import type { LinkKey } from './links/link-keys.ts';

/** The id of a bare key (tests and tools that pass one key): the same fingerprint linkKeyFromSecret gives. */
function legacyKeyId(key: Buffer): string {
  return hmac(key, 'portal-desk:key-id').toString('hex').slice(0, 8);
}

export type AccessGrantedHook = (core: Core, tx: Tx, event: { accountId: string; contactId: string; grant: Grant; actor: string }) => Promise<void>;

/** Work other layers attach to domain changes; each runs inside the change's transaction. */
export interface CoreHooks {
  accessGranted: AccessGrantedHook[];
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
  /** Id of `linkKey`, recorded on every new link (LoginToken.keyId). */
  linkKeyId: string;
  /** Every key a live link may have been minted with, the current one first (rotation: SESSION_SECRET_PREVIOUS). */
  linkKeys: LinkKey[];
  now: () => Date;
  hooks: CoreHooks;
}

/**
 * @param options.linkKey the current key, or
 * @param options.linkKeys every key, the current one first (key rotation)
 */
export function createCore(options: { db: Db; publicUrl: string; linkKey?: Buffer; linkKeys?: LinkKey[]; now?: () => Date }): Core {
  const keys = options.linkKeys ?? [{ id: legacyKeyId(options.linkKey!), key: options.linkKey! }];
  return {
    db: options.db,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    linkKey: keys[0]!.key,
    linkKeyId: keys[0]!.id,
    linkKeys: keys,
    now: options.now ?? (() => new Date()),
    hooks: { accessGranted: [] },
  };
}
