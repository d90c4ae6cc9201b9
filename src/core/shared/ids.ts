import { randomBytes } from 'node:crypto';

/**
 * Row ids: a time prefix so that ids sort roughly by creation (cursor
 * pagination, readable logs) and 80 random bits so they cannot be guessed.
 */
export function newId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomBytes(10).toString('base64url');
}
