/**
 * Socket Mode end to end: the whole service with SLACK_APP_TOKEN set and no
 * signing secret. The real Bolt app (its real SocketModeClient) asks the fake
 * Slack API for a WebSocket URL, connects to the fake's real WebSocket server,
 * and answers envelopes pushed down that socket the way Slack pushes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { loadConfig } from '../../src/config.ts';
import { renderBanner } from '../../src/banner.ts';
import {
  ADMIN,
  MEMBER,
  TEAM,
  allText,
  sendSocketSlashCommand,
  startSlackTestApp,
  type SlackTestApp,
} from './support/slack-test-app.ts';

const APP_TOKEN = 'xapp-1-A0PORTAL-1234567890-socketmodetestsecret';

describe('Socket Mode configuration', () => {
  const base = { DATABASE_URL: 'file:/tmp/unused.db', SLACK_BOT_TOKEN: 'xoxb-test' };

  it('needs no signing secret when an app-level token is set', () => {
    const config = loadConfig({ ...base, SLACK_APP_TOKEN: APP_TOKEN });
    expect(config.slack.appToken).toBe(APP_TOKEN);
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it('still needs one of the two with a bot token, and a real app-level token', () => {
    expect(() => loadConfig(base)).toThrow(/SLACK_SIGNING_SECRET is required/);
    expect(() => loadConfig({ ...base, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' })).toThrow(/SLACK_APP_TOKEN/);
    expect(() => loadConfig({ DATABASE_URL: base.DATABASE_URL, SLACK_APP_TOKEN: APP_TOKEN })).toThrow(
      /SLACK_BOT_TOKEN is required/,
    );
  });
});

describe.each(testProviders)('Socket Mode on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    // startApp resolves only once the socket is up (Slack's hello received).
    t = await startSlackTestApp(provider, { SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: APP_TOKEN });
  });
  afterAll(() => t?.close());

  /** Pushes a slash command down the socket; resolves with the ack and how long it took. */
  async function slashCommand(text: string, user = ADMIN) {
    const { envelopeId, responseId, sent } = sendSocketSlashCommand(t, { text, user });
    const ack = await t.fake.socket.ackFor(envelopeId, 3_000);
    return { ack: ack.message, ms: ack.at - sent, responseId, envelopeId };
  }

  it('connects with the app-level token to the URL from apps.connections.open, and says so in the banner', async () => {
    const opens = t.fake.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    expect(t.fake.socket.connections).toBe(1);
    expect(t.fake.socket.open()).toBe(1);
    expect(t.app.context.config.slack.signingSecret).toBeUndefined();

    const slack = t.app.integrations.find((i) => i.name === 'slack');
    expect(slack).toMatchObject({ on: true });
    expect(slack!.detail).toMatch(/^Socket Mode, /);
    const banner = renderBanner({
      config: t.app.context.config,
      url: t.app.url,
      secretSource: t.app.context.secrets.source,
      integrations: t.app.integrations,
      version: t.app.context.version,
    });
    expect(banner).toMatch(/^ {2}slack +on +Socket Mode, 1 admin\(s\)/m);
  });

  it('acks /portal help over the socket within 3 seconds, then answers at the response_url', async () => {
    const { ack, ms, responseId, envelopeId } = await slashCommand('help', MEMBER);
    expect(ack).toEqual({ envelope_id: envelopeId, payload: {} });
    expect(ms).toBeLessThan(3_000);
    const reply = await t.fake.waitFor(() => t.fake.responsesTo(responseId)[0]);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const text = allText(reply.body);
    expect(text).toContain('/portal stats');
    expect(text).toContain('/portal help');
  });

  it('carries an immediate answer in the ack payload (unknown subcommand)', async () => {
    const { ack, ms, responseId, envelopeId } = await slashCommand('frobnicate now');
    expect(ms).toBeLessThan(3_000);
    expect(ack.envelope_id).toBe(envelopeId);
    const payload = ack.payload as Record<string, unknown>;
    expect(payload.response_type).toBe('ephemeral');
    expect(allText(payload)).toContain('`frobnicate` is not a /portal command');
    expect(allText(payload)).toContain('/portal help');
    // Nothing else was done for it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.fake.responsesTo(responseId)).toHaveLength(0);
  });

  it('handles events over the socket: App Home is published on app_home_opened', async () => {
    const before = t.fake.callsTo('views.publish').length;
    t.fake.socket.send({
      envelope_id: 'ev-home',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        token: 'legacy',
        team_id: TEAM,
        api_app_id: 'A0PORTAL',
        type: 'event_callback',
        event_id: 'Ev0HOME',
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home', event_ts: '1.1' },
      },
    });
    expect((await t.fake.socket.ackFor('ev-home', 3_000)).message).toMatchObject({ envelope_id: 'ev-home' });
    const publish = await t.fake.waitFor(() => t.fake.callsTo('views.publish')[before]);
    expect(publish.args.user_id).toBe(ADMIN);
    expect(publish.token).toBe('xoxb-test');
  });

  it('does not mount the HTTP endpoint, so unsigned Slack requests have nowhere to go', async () => {
    const response = await t.command('help');
    expect(response.status).toBe(404);
    expect(t.fake.responsesTo(response.responseId)).toHaveLength(0);
  });

  it('never logs the app-level token', () => {
    expect(t.logs.join('\n')).not.toContain(APP_TOKEN);
  });

  it('closes the socket cleanly on stop', async () => {
    const started = Date.now();
    await t.app.stop();
    // Well under the client's 30-second forced-close fallback: the close handshake completed.
    expect(Date.now() - started).toBeLessThan(5_000);
    await t.fake.waitFor(() => t.fake.socket.open() === 0);
    // And it does not reconnect after being told to stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.fake.callsTo('apps.connections.open')).toHaveLength(1);
  });
});
