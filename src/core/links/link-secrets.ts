/**
 * Link tokens and their 6-digit codes are derived from the link's id with a
 * server key: token = HMAC(key, "token:" + id). The database keeps only
 * SHA-256(token), so a copy of the database signs nobody in; the outbox, which
 * renders messages at send time, rebuilds the very same link on every retry
 * (a retried send never delivers a different, revoked link).
 */
import { sha256, hmac } from '../shared/secret-hash.ts';
import { isWellFormedSecret } from '../shared/secret-format.ts';

/** 32 bytes, base64url: 43 characters. */
export function linkToken(linkKey: Buffer, linkId: string): string {
  return hmac(linkKey, `token:${linkId}`).toString('base64url');
}

export function linkTokenHash(token: string): string {
  return sha256(token);
}

/** Six digits, uniformly spread (the modulo bias over 2^48 is negligible). */
export function linkCode(linkKey: Buffer, linkId: string): string {
  const n = hmac(linkKey, `code:${linkId}`).readUIntBE(0, 6);
  return String(n % 1_000_000).padStart(6, '0');
}

/** Tokens are 43 base64url characters; anything else is malformed and never hits the database. */
export function isWellFormedToken(token: string): boolean {
  return isWellFormedSecret(token);
}

export function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/l/${token}`;
}
