/**
 * Issue #11, finding 8: a signed request from another workspace (team_id) or
 * organisation (enterprise_id) in a bound channel is refused and audited,
 * never quietly run against the default account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startSlackTestApp, allText, ADMIN, TEAM, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';

describe.each(testProviders)('Slack workspace of a bound channel on %s (finding 8)', (provider) => {
  let t: SlackTestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
    await createAccount(t.app.context.core, {
      slug: 'agency',
      name: 'Agency portal',
      portalUrl: 'https://agency.example.com',
    });
  });
  afterAll(() => t?.close());

  /** A signed /portal command as Slack sends it, from any workspace and organisation. */
  async function command(text: string, where: { team: string; enterprise?: string; channel: string }) {
    const responseId = `ws${++n}`;
    const body = new URLSearchParams({
      token: 'legacy',
      team_id: where.team,
      ...(where.enterprise ? { enterprise_id: where.enterprise } : {}),
      team_domain: 'x',
      channel_id: where.channel,
      channel_name: 'shared',
      user_id: ADMIN,
      user_name: 'someone',
      command: '/portal',
      text,
      api_app_id: 'A0PORTAL',
      response_url: t.fake.responseUrl(responseId),
      trigger_id: `trigger-${n}`,
    }).toString();
    const answer = await t.post(body, 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
    return allText((await t.fake.waitFor(() => t.fake.responsesTo(responseId)[0])).body);
  }

  const contactsCalled = (email: string) => t.app.context.core.db.contact.count({ where: { email } });

  it('refuses a command from another team in a channel bound by ours, changes nothing, and audits it', async () => {
    expect(await command('bind agency', { team: TEAM, channel: 'C0SHARED' })).toContain('Agency portal');
    const refused = await command('invite intruder@example.com', { team: 'T0OTHER', channel: 'C0SHARED' });
    expect(refused).toContain('another Slack workspace');
    expect(await contactsCalled('intruder@example.com')).toBe(0);
    const audit = await t.app.context.core.db.auditEvent.findMany({ where: { action: 'slack.workspace_mismatch' } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.metadata ?? '{}')).toMatchObject({
      teamId: 'T0OTHER',
      boundTeamId: TEAM,
      channelId: 'C0SHARED',
    });
    // The binding's own workspace still works.
    expect(await command('invite member@example.com', { team: TEAM, channel: 'C0SHARED' })).not.toContain(
      'another Slack workspace',
    );
  });

  it('refuses a request from another Enterprise Grid organisation with the same team id', async () => {
    expect(await command('bind agency', { team: TEAM, enterprise: 'E0OURS', channel: 'C0GRID' })).toContain(
      'Agency portal',
    );
    expect(await command('bind', { team: TEAM, enterprise: 'E0OTHER', channel: 'C0GRID' })).toContain(
      'another Slack workspace',
    );
    expect(await command('bind', { team: TEAM, enterprise: 'E0OURS', channel: 'C0GRID' })).toContain('Agency portal');
  });

  it('refuses a button press from another team in a bound channel', async () => {
    await command('bind agency', { team: TEAM, channel: 'C0BUTTON' });
    const before = await t.app.context.core.db.auditEvent.count({ where: { action: 'slack.workspace_mismatch' } });
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: ADMIN, username: 'someone', team_id: 'T0OTHER' },
        team: { id: 'T0OTHER', domain: 'other' },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        trigger_id: 'trigger-b',
        container: { type: 'message', message_ts: '1.1', channel_id: 'C0BUTTON', is_ephemeral: true },
        channel: { id: 'C0BUTTON', name: 'shared' },
        response_url: t.fake.responseUrl('button1'),
        actions: [
          {
            type: 'button',
            action_id: 'home_invite',
            block_id: 'b',
            value: '{}',
            text: { type: 'plain_text', text: 'x' },
            action_ts: '1.2',
          },
        ],
      }),
    }).toString();
    expect((await t.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await t.fake.waitFor(() => t.fake.responsesTo('button1')[0] || t.fake.callsTo('chat.postEphemeral').length > 0);
    expect(await t.app.context.core.db.auditEvent.count({ where: { action: 'slack.workspace_mismatch' } })).toBe(
      before + 1,
    );
  });
});
