/** The OAuth mode's settings: scopes asked for match the manifest, and the configuration refuses half a setup. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { BOT_SCOPES } from '../../../src/slack/oauth/bot-scopes.ts';

const oauth = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_CLIENT_ID: '1.2',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'state-secret-0123456789',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('Slack for many workspaces: setup', () => {
  it('asks for the bot scopes manifest.json declares, and the manifest names the redirect URL', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as {
      oauth_config: { scopes: { bot: string[] }; redirect_urls: string[] };
    };
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://portal-desk.example.com/slack/oauth_redirect']);
  });

  it('takes the three OAuth settings together, without a bot token', () => {
    expect(loadConfig(oauth).slack.oauth).toEqual({
      clientId: '1.2',
      clientSecret: 'client-secret',
      stateSecret: 'state-secret-0123456789',
    });
    expect(loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1' }).slack.oauth).toBeDefined();
    expect(problems({ ...oauth, SLACK_STATE_SECRET: '' })).toEqual([
      'SLACK_STATE_SECRET is required to install the Slack app in many workspaces (with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)',
    ]);
    expect(problems({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are exclusive: one workspace (bot token) or many (OAuth install), not both',
    ]);
    expect(problems({ ...oauth, SLACK_SIGNING_SECRET: '' })).toEqual([
      'SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
    expect(problems({ ...oauth, SLACK_STATE_SECRET: 'short' })).toEqual([
      'SLACK_STATE_SECRET must be at least 16 characters (it signs the OAuth state)',
    ]);
  });
});
