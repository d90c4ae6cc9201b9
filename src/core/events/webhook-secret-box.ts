/**
 * Subscription secrets sign outgoing events, so they must be readable, not
 * hashed. They are sealed with AES-256-GCM (src/core/shared/secret-box.ts)
 * under a key derived from the service's link key, and name that key's id:
 * a copy of the database alone does not reveal them, and a key rotation
 * does not lose them.
 */
import type { LinkKey } from '../links/link-keys.ts';
import { openText, sealText } from '../shared/secret-box.ts';

const PURPOSE = 'webhook-secret-box';

export function sealSecret(keys: LinkKey[], secret: string): string {
  return sealText(keys, PURPOSE, secret);
}

/** @throws Error when the value was sealed under a key that is not configured, or altered */
export function openSecret(keys: LinkKey[], value: string): string {
  return openText(keys, PURPOSE, value);
}
