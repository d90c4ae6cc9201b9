/**
 * Installing the app the way a browser does, through the service's real
 * install pages (@slack/oauth's InstallProvider): GET /slack/install answers
 * 302 to Slack with a signed state and a state cookie; Slack (the fake)
 * hands out a code when the person clicks Allow; GET /slack/oauth_redirect
 * with code, state and cookie exchanges the code for tokens.
 */
import { expect } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeInstall } from '../../fakes/slack-oauth.ts';
import type { SlackTestApp } from './slack-test-app.ts';

/** startSlackTestApp's env for many workspaces: OAuth instead of SLACK_BOT_TOKEN. */
export const oauthEnv = {
  SLACK_BOT_TOKEN: undefined,
  SLACK_CLIENT_ID: FAKE_CLIENT_ID,
  SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
  SLACK_STATE_SECRET: 'test-state-secret-0123456789',
};

export interface InstallResult {
  status: number;
  page: string;
}

/** @param options.link an operator's install link (its query string is kept) */
export async function installWorkspace(
  t: SlackTestApp,
  install: FakeInstall,
  options: { link?: string } = {},
): Promise<InstallResult> {
  const start = new URL('/slack/install', t.app.url);
  if (options.link) start.search = new URL(options.link).search;
  const toSlack = await fetch(start, { redirect: 'manual' });
  if (toSlack.status !== 302) return { status: toSlack.status, page: await toSlack.text() };
  const authorize = new URL(toSlack.headers.get('location')!);
  expect(authorize.origin + authorize.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorize.searchParams.get('client_id')).toBe(FAKE_CLIENT_ID);
  const cookie = toSlack.headers.get('set-cookie')!.split(';')[0]!;
  const code = t.fake.oauth.approve(install);
  const back = new URL('/slack/oauth_redirect', t.app.url);
  back.search = new URLSearchParams({ code, state: authorize.searchParams.get('state')! }).toString();
  const done = await fetch(back, { headers: { cookie } });
  return { status: done.status, page: await done.text() };
}
