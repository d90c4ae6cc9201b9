import { describe, expect, it } from 'vitest';
import { hashPassword, passwordNeedsRehash, verifyPassword } from '../../src/core/credentials/password-hashing.ts';

// Made on 2026-11-30 by the `argon2` npm package 0.45.1 (the hasher before @node-rs/argon2) with this
// project's parameters: argon2.hash(password.normalize('NFKC'), { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }).
const madeByArgon2 = [
  [
    'correct horse battery staple',
    '$argon2id$v=19$m=19456,p=1,t=2$om2kz9pJ29hWIrXJEDpeng$Mrbm8vwTAcNFaavsyesUBasbEWlvefYkli/+VziiSl0',
  ],
  [
    'Pässwörd ﬁ 2026',
    '$argon2id$v=19$m=19456,p=1,t=2$k1tKMdt4SxRT2WNtrP+iOQ$IuigvuqpFJAYGuYEWHBMYwi6EvmHIEzXo09RcUUKBTI',
  ],
] as const;
// Same package, weaker parameters (m=4096, t=3): verifies, and asks to be rehashed.
const oldParameters = [
  'old params',
  '$argon2id$v=19$m=4096,p=1,t=3$NiNtRYbgNLGKfKdAkzjZWA$m28nc+8DZ7j23NbMNg0aVq+T1lEt2Nsm59jcOz3AQYQ',
] as const;

describe('password hashing (@node-rs/argon2)', () => {
  it('verifies hashes the argon2 package made, and refuses a wrong password against them', async () => {
    for (const [password, hash] of madeByArgon2) {
      expect(await verifyPassword(hash, password)).toBe(true);
      expect(await verifyPassword(hash, `${password}!`)).toBe(false);
      expect(passwordNeedsRehash(hash)).toBe(false);
    }
    // NFKC: the ligature "ﬁ" typed as "fi" is the same password.
    expect(await verifyPassword(madeByArgon2[1][1], 'Pässwörd fi 2026')).toBe(true);
  });

  it('hashes argon2id with the same parameters, and flags older parameters for a rehash', async () => {
    const hash = await hashPassword('a new password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(hash, 'a new password')).toBe(true);
    expect(await verifyPassword(oldParameters[1], oldParameters[0])).toBe(true);
    expect(passwordNeedsRehash(oldParameters[1])).toBe(true);
    expect(passwordNeedsRehash('$2b$10$notargon')).toBe(true);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
