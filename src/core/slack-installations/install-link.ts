/**
 * Install links: how an operator sends a client's Slack admin an install
 * that binds their workspace to an existing account instead of a new one.
 * The link carries the account id and an expiry, signed with the service's
 * link key (HMAC), so it cannot be pointed at another account or kept
 * forever; rotation (SESSION_SECRET_PREVIOUS) keeps links already out working.
 */
import type { Core } from '../core.ts';
import { hmac, secretsEqual } from '../shared/secret-hash.ts';

const PURPOSE = 'portal-desk:slack-install-link';

/** The query parameter of /slack/install that carries the signed account. */
export const INSTALL_LINK_PARAM = 'account';

export function signInstallLink(core: Pick<Core, 'linkKey'>, accountId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ a: accountId, e: Math.floor(expiresAt.getTime() / 1000) })).toString(
    'base64url',
  );
  return `${payload}.${hmac(core.linkKey, `${PURPOSE}:${payload}`).toString('base64url')}`;
}

/** The account an install link names. @returns null when the link is altered, malformed or expired */
export function openInstallLink(core: Pick<Core, 'linkKeys' | 'now'>, token: string): { accountId: string } | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 500) return null;
  const signed = core.linkKeys.some((key) =>
    secretsEqual(hmac(key.key, `${PURPOSE}:${payload}`).toString('base64url'), signature),
  );
  if (!signed) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown; e?: unknown };
    if (typeof claims.a !== 'string' || typeof claims.e !== 'number') return null;
    if (claims.e * 1000 <= core.now().getTime()) return null;
    return { accountId: claims.a };
  } catch {
    return null;
  }
}
