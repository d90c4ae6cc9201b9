/**
 * Subscription secrets sign outgoing events, so they must be readable, not
 * hashed. They are sealed with AES-256-GCM under a key derived from the
 * service's link key (itself derived from SESSION_SECRET): a copy of the
 * database alone does not reveal them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hmac } from '../shared/secret-hash.ts';

const VERSION = 'v1';

function keyOf(linkKey: Buffer): Buffer {
  return hmac(linkKey, 'portal-desk:webhook-secret-box');
}

export function sealSecret(linkKey: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(linkKey), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':');
}

/** @throws Error when the value was sealed under another key or altered */
export function openSecret(linkKey: Buffer, value: string): string {
  const [version, iv, tag, sealed] = value.split(':');
  if (version !== VERSION || !iv || !tag || sealed === undefined) throw new Error('not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(linkKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}
