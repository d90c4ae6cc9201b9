/**
 * Link tokens and session ids are 32 random-looking bytes in base64url:
 * 43 characters. Anything else is malformed and is refused before it costs
 * more than a string check.
 */
export const secretPattern = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedSecret(value: string): boolean {
  return secretPattern.test(value);
}
