import type { Core } from '../core.ts';
import {
  installationKeyOf,
  openInstallation,
  type SlackInstallation,
  type SlackWorkspaceRef,
} from './installation-view.ts';

/**
 * The live installation that serves a request's workspace: the team's own,
 * else its organisation's org-wide install (Enterprise Grid), which serves
 * every team of the organisation. Null when none is installed.
 */
export async function findSlackInstallation(core: Core, ref: SlackWorkspaceRef): Promise<SlackInstallation | null> {
  const keys = [installationKeyOf(ref), ref.teamId, ref.enterpriseId].filter(
    (key, index, all): key is string => Boolean(key) && all.indexOf(key) === index,
  );
  if (keys.length === 0) return null;
  const rows = await core.db.slackInstallation.findMany({
    where: { installationKey: { in: keys }, uninstalledAt: null },
  });
  for (const key of keys) {
    const row = rows.find((candidate) => candidate.installationKey === key);
    if (!row) continue;
    // An enterprise id only matches an org-wide install: a team never has an E… id.
    if (key === ref.enterpriseId && !row.isEnterpriseInstall) continue;
    // A team installed as part of an organisation answers only for that organisation.
    if (row.enterpriseId && ref.enterpriseId && row.enterpriseId !== ref.enterpriseId) continue;
    return openInstallation(core, row);
  }
  return null;
}
