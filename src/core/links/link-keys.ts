/**
 * Link keys with ids, so the key can be rotated without killing the links
 * already out. Each key derives from one session secret (SESSION_SECRET, or
 * one of SESSION_SECRET_PREVIOUS); its id is a short, non-secret fingerprint.
 * A new link records the id of the key it was minted with (LoginToken.keyId)
 * and is rebuilt (outbox retries) and its code checked with that key, so
 * links minted before a rotation keep working until they expire. Links from
 * before key ids existed are matched to their key through their stored token
 * hash. Once no live link uses an old key, the old secret can be dropped.
 */
import { hmac } from '../shared/secret-hash.ts';
import type { Core } from '../core.ts';
import { linkToken, linkTokenHash } from './link-secrets.ts';

export interface LinkKey {
  /** 8 hex characters; names the key, reveals nothing about it. */
  id: string;
  key: Buffer;
}

/** The link key a session secret derives, with its id. */
export function linkKeyFromSecret(sessionSecret: string): LinkKey {
  const key = hmac(sessionSecret, 'portal-desk:link-key');
  return { id: hmac(key, 'portal-desk:key-id').toString('hex').slice(0, 8), key };
}

/** The key a link was minted with: by its recorded id, else the one whose token matches its stored hash, else the current key. */
export function linkKeyOf(
  core: Pick<Core, 'linkKey' | 'linkKeys'>,
  link: { id: string; keyId?: string | null; tokenHash?: string },
): Buffer {
  return linkKeyEntryOf(core, link)?.key ?? core.linkKey;
}

/** Like linkKeyOf, with the key's id (what a message's render input records); undefined: the current key. */
export function linkKeyEntryOf(
  core: Pick<Core, 'linkKeys'>,
  link: { id: string; keyId?: string | null; tokenHash?: string },
): LinkKey | undefined {
  const keys = core.linkKeys ?? [];
  if (link.keyId) {
    const byId = keys.find((candidate) => candidate.id === link.keyId);
    if (byId) return byId;
  }
  if (link.tokenHash && keys.length > 1)
    return keys.find((candidate) => linkTokenHash(linkToken(candidate.key, link.id)) === link.tokenHash);
  return undefined;
}
