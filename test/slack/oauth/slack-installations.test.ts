/** Core of Slack installations without Slack: slugs for new accounts, reinstalls, and tokens across a key rotation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.ts';
import { createTestCore, type TestCore } from '../../support/test-core.ts';
import { createCore } from '../../../src/core/core.ts';
import { linkKeyFromSecret } from '../../../src/core/links/link-keys.ts';
import { saveSlackInstallation } from '../../../src/core/slack-installations/save-slack-installation.ts';
import { findSlackInstallation } from '../../../src/core/slack-installations/find-slack-installation.ts';
import { removeSlackInstallation } from '../../../src/core/slack-installations/remove-slack-installation.ts';
import { resealSlackTokens } from '../../../src/core/slack-installations/reseal-slack-tokens.ts';
import { workspaceSlug } from '../../../src/core/slack-installations/workspace-slug.ts';

describe('workspaceSlug', () => {
  it('makes a portal slug from a workspace name', () => {
    expect(workspaceSlug('Acme Academy!')).toBe('acme-academy');
    expect(workspaceSlug('École Zürich — Été')).toBe('ecole-zurich-ete');
    expect(workspaceSlug('日本語')).toBe('workspace');
    expect(workspaceSlug('a'.repeat(60)).length).toBe(32);
  });
});

describe.each(testProviders)('Slack installations in core, on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
  });
  afterAll(() => t?.close());

  it('numbers the slug of a second workspace with a taken name, and a reinstall keeps its account', async () => {
    const first = await saveSlackInstallation(t.core, { teamId: 'T1', teamName: 'Same Name', botToken: 'xoxb-1' });
    const second = await saveSlackInstallation(t.core, { teamId: 'T2', teamName: 'Same Name', botToken: 'xoxb-2' });
    expect([first.account.slug, second.account.slug]).toEqual(['same-name', 'same-name-2']);
    await removeSlackInstallation(t.core, { teamId: 'T2', reason: 'app_uninstalled' });
    expect(await findSlackInstallation(t.core, { teamId: 'T2' })).toBeNull();
    const again = await saveSlackInstallation(t.core, { teamId: 'T2', teamName: 'Renamed', botToken: 'xoxb-3' });
    expect(again).toMatchObject({ accountCreated: false, account: { id: second.account.id } });
    expect((await findSlackInstallation(t.core, { teamId: 'T2' }))?.botToken).toBe('xoxb-3');
  });

  it('says which field is missing', async () => {
    await expect(saveSlackInstallation(t.core, { botToken: 'xoxb-x' })).rejects.toThrow('teamId is required');
    await expect(
      saveSlackInstallation(t.core, { isEnterpriseInstall: true, teamId: 'T9', botToken: 'xoxb-x' }),
    ).rejects.toThrow('enterpriseId is required for an org-wide install');
  });

  it('re-seals tokens under a new key, so the old SESSION_SECRET can be retired', async () => {
    const [oldKey, newKey] = [
      linkKeyFromSecret('old-secret-0123456789abcdef0123'),
      linkKeyFromSecret('new-secret-0123456789abcdef0123'),
    ];
    const base = { db: t.core.db, publicUrl: 'http://portal.test' };
    const before = createCore({ ...base, linkKeys: [oldKey] });
    await saveSlackInstallation(before, {
      teamId: 'TROT',
      teamName: 'Rotated Keys',
      botToken: 'xoxe.xoxb-rot',
      refreshToken: 'xoxe-1-refresh',
      tokenExpiresAt: new Date(Date.now() + 3600_000),
    });
    const during = createCore({ ...base, linkKeys: [newKey, oldKey] });
    // The installations of the tests above were sealed under the fixture's own key, which `during` lacks.
    expect(await resealSlackTokens(during)).toEqual({ resealed: 1, unreadable: 2 });
    expect(await resealSlackTokens(during)).toEqual({ resealed: 0, unreadable: 2 });
    const after = createCore({ ...base, linkKeys: [newKey] });
    expect(await findSlackInstallation(after, { teamId: 'TROT' })).toMatchObject({
      botToken: 'xoxe.xoxb-rot',
      refreshToken: 'xoxe-1-refresh',
    });
  });
});
