/**
 * The Slack digest and alerts channels are per-account settings, set through
 * the REST API and the CLI like the others (Slack's /portal settings form is
 * covered in test/slack/per-account-views.test.ts). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { openCliWorkspace, type CliWorkspace } from '../support/cli-process.ts';
import { parseChannelId } from '../../src/core/settings/portal-settings.ts';

describe('Slack channel ids in settings', () => {
  it('takes an id or Slack’s channel mention, nothing else', () => {
    expect(parseChannelId(' C0123ABCD ')).toBe('C0123ABCD');
    expect(parseChannelId('<#G0PRIVATE|team-alerts>')).toBe('G0PRIVATE');
    expect(parseChannelId('<#C0123ABCD>')).toBe('C0123ABCD');
    for (const bad of ['#general', 'general', 'c0123abcd', 'U0USER', 'D0DM', 'C', 'C0123ABCD extra'])
      expect(parseChannelId(bad), bad).toBeUndefined();
  });
});

describe.each(testProviders)('digest and alerts channel settings on %s', (provider) => {
  let api: TestApi;
  let workspace: CliWorkspace;
  beforeAll(async () => {
    [api, workspace] = await Promise.all([startApi(provider), openCliWorkspace(provider, 'channels')]);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await workspace?.close();
  });

  it('REST: set, read back, refuse a bad one by name, and clear', async () => {
    expect((await api.call('GET', '/settings')).body.settings).toMatchObject({
      digestChannel: null,
      alertsChannel: null,
    });
    const set = await api.call('PATCH', '/settings', {
      body: { digestChannel: 'C0DIGEST', alertsChannel: '<#G0ALERTS|alerts>' },
    });
    expect(set.status).toBe(200);
    expect(set.body.settings).toMatchObject({ digestChannel: 'C0DIGEST', alertsChannel: 'G0ALERTS' });
    const refused = await api.call('PATCH', '/settings', { body: { digestChannel: '#general', replyTo: 'nope' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.invalid).toEqual([
      { input: 'replyTo', reason: '"nope" is not an email address' },
      { input: 'digestChannel', reason: '"#general" is not a Slack channel id (C… or G…)' },
    ]);
    expect((await api.call('GET', '/settings')).body.settings.digestChannel).toBe('C0DIGEST');
    const cleared = await api.call('PATCH', '/settings', { body: { digestChannel: null, alertsChannel: '' } });
    expect(cleared.body.settings).toMatchObject({ digestChannel: null, alertsChannel: null });
    const audit = await api.call('GET', '/audit-events?type=settings.updated');
    expect(audit.body.data[0].sentence).toMatch(/^Settings changed \(digestChannel, alertsChannel\) by API key/);
    const { body } = await api.call('GET', '/openapi.json', { key: null });
    expect(JSON.stringify(body.paths['/settings'].patch)).toContain('digestChannel');
  });

  it('CLI: set with --digest-channel / --alerts-channel, shown, refused with exit 1, cleared with ""', async () => {
    const set = await workspace.cli('settings', '--digest-channel', 'C0DIGEST', '--alerts-channel', 'C0ALERTS');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^digest channel\s+C0DIGEST$/m);
    expect(set.out).toMatch(/^alerts channel\s+C0ALERTS$/m);
    const bad = await workspace.cli('settings', '--alerts-channel', 'alerts');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('alertsChannel: "alerts" is not a Slack channel id (C… or G…)');
    const cleared = await workspace.cli('settings', '--digest-channel', '');
    expect(cleared.out).toMatch(/^digest channel\s+-$/m);
    expect(cleared.out).toMatch(/^alerts channel\s+C0ALERTS$/m);
    const row = await workspace.db.account.findUniqueOrThrow({ where: { id: workspace.accountId } });
    expect(JSON.parse(row.settings)).toMatchObject({ digestChannel: null, alertsChannel: 'C0ALERTS' });
  }, 60_000);
});
