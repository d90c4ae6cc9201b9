/**
 * Many workspaces over Socket Mode: the install pages are served by our own
 * server (no second HTTP server from Bolt), and envelopes from each
 * workspace act on its own account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  allText,
  sendSocketSlashCommand,
  startSlackTestApp,
  type SlackTestApp,
} from '../support/slack-test-app.ts';
import { installWorkspace, oauthEnv } from '../support/slack-install.ts';

const APP_TOKEN = 'xapp-1-A0PORTAL-1234567890-socketmodetestsecret';

describe('Slack for many workspaces over Socket Mode', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp('sqlite', { ...oauthEnv, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: APP_TOKEN });
  });
  afterAll(() => t?.close());

  async function stats(team: string): Promise<string> {
    const { envelopeId, responseId } = sendSocketSlashCommand(t, { text: 'stats', team, channel: `C${team}` });
    await t.fake.socket.ackFor(envelopeId, 3_000);
    return allText((await t.fake.waitFor(() => t.fake.responsesTo(responseId)[0])).body);
  }

  it('installs through /slack/install on our server and answers each workspace with its own account', async () => {
    expect(t.app.integrations.find((i) => i.name === 'slack')?.detail).toContain('Socket Mode');
    expect((await installWorkspace(t, { teamId: 'T0SOCK1', teamName: 'Sock One', userId: ADMIN })).status).toBe(200);
    expect((await installWorkspace(t, { teamId: 'T0SOCK2', teamName: 'Sock Two', userId: ADMIN })).status).toBe(200);
    expect(await stats('T0SOCK1')).toContain('Sock One: 0 invited');
    expect(await stats('T0SOCK2')).toContain('Sock Two: 0 invited');
  });
});
