/**
 * argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). Hashes carry
 * their parameters, so raising them later only needs `needsRehash` at the next
 * successful sign-in.
 *
 * @node-rs/argon2 ships prebuilt N-API binaries: no C++ toolchain at install
 * (the `argon2` package's prebuilt binary segfaults on Node 20.20, so it was
 * compiled from source). It reads the PHC strings `argon2` wrote: test/core/password-hashing.test.ts
 * verifies hashes made by `argon2` 0.45 with these parameters.
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id: the package's enum is a TypeScript const enum, absent at run time. */
const ARGON2ID = 2;
const parameters = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** NFKC first (NIST 800-63B): the same password typed on two keyboards hashes the same. */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), parameters);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, normalize(password));
  } catch {
    return false;
  }
}

/** True when the hash is not argon2id with today's parameters (in any order: `argon2` wrote m,p,t). */
export function passwordNeedsRehash(hashed: string): boolean {
  const match = /^\$argon2id\$v=19\$([^$]+)\$/.exec(hashed);
  if (!match) return true;
  const params = Object.fromEntries(match[1]!.split(',').map((pair) => pair.split('=') as [string, string]));
  return (
    Number(params.m) !== parameters.memoryCost ||
    Number(params.t) !== parameters.timeCost ||
    Number(params.p) !== parameters.parallelism
  );
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
