import type { Tx } from '../../db/client.ts';
import { checkAppPath, type AppLinkTarget } from './app-link-target.ts';

/**
 * The app a URL lives in: an active app of the account whose login URL is on
 * the same origin (scheme, host and port), and the URL's path in it. Lets the
 * "access granted" message for a grant that carries its URL land in the app,
 * on that course, signed in. Null when no app serves that origin, or the path
 * cannot be landed on (too long): the message then opens the portal section.
 * When several apps share an origin, the oldest one is taken.
 */
export async function findAppLanding(
  tx: Tx,
  options: { accountId: string; url: string },
): Promise<AppLinkTarget | null> {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    return null;
  }
  const apps = await tx.oidcApp.findMany({
    where: { accountId: options.accountId, revokedAt: null, loginUrl: { not: null } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, loginUrl: true },
  });
  const app = apps.find((candidate) => {
    try {
      return new URL(candidate.loginUrl!).origin === target.origin;
    } catch {
      return false;
    }
  });
  if (!app) return null;
  try {
    return { appId: app.id, appName: app.name, appPath: checkAppPath(`${target.pathname}${target.search}`) };
  } catch {
    return null;
  }
}
