import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import { openSecret, sealSecret } from '../events/webhook-secret-box.ts';

/**
 * How long a retired key stays in the JWKS: longer than any token it signed
 * lives (ID tokens: 1 hour, logout tokens: minutes), with room for clock skew
 * and relying parties' JWKS caches.
 */
export const retiredKeyPublishedHours = 24;

export type SigningJwk = Record<string, unknown> & { kid: string; alg: 'RS256'; use: 'sig' };

function newSigningKey(kid: string): { kid: string; jwk: SigningJwk } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>),
    kid,
    alg: 'RS256' as const,
    use: 'sig' as const,
  };
  return { kid, jwk };
}

/**
 * The keys to publish, the signing key first. On the very first start one is
 * generated under a fixed id, so two instances starting together cannot
 * each make their own: the second insert loses on the primary key and both
 * read the winner's.
 */
export async function loadSigningKeys(core: Core): Promise<SigningJwk[]> {
  let rows = await readPublished(core);
  if (rows.length === 0) {
    const first = newSigningKey('pd-initial');
    await core.db.oidcSigningKey
      .create({
        data: { id: first.kid, sealedJwk: sealSecret(core.linkKeys, JSON.stringify(first.jwk)), createdAt: core.now() },
      })
      .catch(() => undefined);
    rows = await readPublished(core);
  }
  return rows.map((row) => JSON.parse(openSecret(core.linkKeys, row.sealedJwk)) as SigningJwk);
}

/** A fingerprint of the published key set, so instances notice a rotation cheaply. */
export async function signingKeysVersion(core: Core): Promise<string> {
  return (await readPublished(core)).map((row) => `${row.id}:${row.retiredAt?.getTime() ?? ''}`).join(',');
}

/**
 * Rotates: a new key signs from now on (each instance within a minute), the
 * previous one stays published for `retiredKeyPublishedHours`.
 */
export async function rotateSigningKey(core: Core): Promise<{ kid: string; retired: string[] }> {
  const now = core.now();
  const next = newSigningKey(`pd-${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`);
  const retired = await core.db.$transaction(async (tx) => {
    const active = await tx.oidcSigningKey.findMany({ where: { retiredAt: null } });
    await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await tx.oidcSigningKey.create({
      data: { id: next.kid, sealedJwk: sealSecret(core.linkKeys, JSON.stringify(next.jwk)), createdAt: now },
    });
    return active.map((row) => row.id);
  });
  return { kid: next.kid, retired };
}

async function readPublished(core: Core) {
  const cutoff = new Date(core.now().getTime() - retiredKeyPublishedHours * 3600_000);
  const rows = await core.db.oidcSigningKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: cutoff } }] },
  });
  // Active key first (oidc-provider signs with the first key of the algorithm), then newest retired.
  return rows.sort(
    (a, b) =>
      Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || b.createdAt.getTime() - a.createdAt.getTime(),
  );
}
