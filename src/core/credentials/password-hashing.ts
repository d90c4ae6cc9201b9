/**
 * argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). Hashes carry
 * their parameters, so raising them later only needs `needsRehash` at the next
 * successful sign-in.
 */
import argon2 from 'argon2';

const parameters = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** NFKC first (NIST 800-63B): the same password typed on two keyboards hashes the same. */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalize(password), parameters);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, normalize(password));
  } catch {
    return false;
  }
}

export function passwordNeedsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, parameters);
}

/**
 * A real hash of a random password, verified against when there is no
 * contact or no password, so that "unknown address" costs the same time as
 * "wrong password".
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}
