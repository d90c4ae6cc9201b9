import type { Tx } from '../../db/client.ts';
import { AppError, invalidInput } from '../shared/errors.ts';

export interface AppLinkTarget {
  appId: string;
  appPath: string;
  /** The app's name, for people reading where a link lands. */
  appName: string;
}

/**
 * A path inside an app that a magic link lands on: absolute, on the app's
 * own host (no "//host", no backslash, no scheme), so it can only ever be
 * appended to the app's registered login URL.
 */
export function checkAppPath(value: string | undefined): string {
  const path = (value ?? '/').trim() || '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a path must not carry
  if (path.length > 500 || !path.startsWith('/') || path.startsWith('//') || /[\\\s\u0000-\u001f]/.test(path)) {
    throw invalidInput(`path: "${path.slice(0, 60)}" must be a path inside the app, starting with one "/"`);
  }
  return path;
}

/**
 * Resolves "app": an id or a name of one of the account's active apps.
 * @throws AppError not_found | invalid_input (the app has no login URL, or a bad path)
 */
export async function resolveAppLinkTarget(
  tx: Tx,
  options: { accountId: string; app: string; path?: string },
): Promise<AppLinkTarget> {
  const key = options.app.trim();
  const row =
    (await tx.oidcApp.findFirst({ where: { accountId: options.accountId, id: key, revokedAt: null } })) ??
    (await tx.oidcApp.findFirst({
      where: { accountId: options.accountId, nameKey: key.toLowerCase(), revokedAt: null },
    }));
  if (!row) throw new AppError('not_found', `app: no app "${key}"`);
  if (!row.loginUrl)
    throw invalidInput(
      `app: "${row.name}" has no login URL to land on; register it with one (apps create … --login-url)`,
    );
  return { appId: row.id, appPath: checkAppPath(options.path), appName: row.name };
}

/** Where a redeemed app link sends the browser: our hand-off page for that app (src/http/oidc/launch-route.ts). */
export function appLaunchPath(appId: string, appPath: string | null): string {
  return `/oidc/launch/${encodeURIComponent(appId)}?path=${encodeURIComponent(appPath ?? '/')}`;
}
