/**
 * Values that must be readable again but never at rest in clear (webhook
 * signing secrets, idempotency replays that carry a link or a key) are sealed
 * with AES-256-GCM under a key derived from a link key and a purpose. The
 * sealed text names the link key's id (`v2:<key id>:iv:tag:data`), so a value
 * sealed before a key rotation still opens with the previous key
 * (SESSION_SECRET_PREVIOUS) and can be re-sealed under the new one. `v1`
 * values (no key id, from before rotation existed) are tried with each key;
 * GCM's tag tells the right one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hmac } from './secret-hash.ts';
import type { LinkKey } from '../links/link-keys.ts';

function keyOf(linkKey: Buffer, purpose: string): Buffer {
  return hmac(linkKey, `portal-desk:${purpose}`);
}

/** Seals under the first (current) key. */
export function sealText(keys: LinkKey[], purpose: string, text: string): string {
  const current = keys[0]!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(current.key, purpose), iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [
    'v2',
    current.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    sealed.toString('base64url'),
  ].join(':');
}

/** The key id a sealed value names (undefined for v1 values). */
export function sealedKeyId(value: string): string | undefined {
  return value.startsWith('v2:') ? value.split(':')[1] : undefined;
}

/** @throws Error when no configured key opens it (another secret, a retired key, or altered) */
export function openText(keys: LinkKey[], purpose: string, value: string): string {
  const parts = value.split(':');
  if (parts[0] === 'v2' && parts.length === 5) {
    const key = keys.find((candidate) => candidate.id === parts[1]);
    if (!key)
      throw new Error(
        `sealed under key ${parts[1]}, which is not configured (SESSION_SECRET / SESSION_SECRET_PREVIOUS)`,
      );
    return decrypt(key.key, purpose, parts[2]!, parts[3]!, parts[4]!);
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    for (const key of keys) {
      try {
        return decrypt(key.key, purpose, parts[1]!, parts[2]!, parts[3]!);
      } catch {
        // not this key
      }
    }
    throw new Error('no configured key opens this sealed value');
  }
  throw new Error('not a sealed value');
}

function decrypt(linkKey: Buffer, purpose: string, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyOf(linkKey, purpose), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
