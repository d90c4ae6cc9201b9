/**
 * Starts Slack inside the service, or explains how to connect it. Without a
 * bot token the rest of the service runs and the banner says what to set.
 */
import type { Express } from 'express';
import type { AppContext } from '../app-context.ts';
import type { Integration } from '../app-context.ts';
import { createSlackApp, type SlackAppOptions } from './app.ts';
import { scheduleDigest } from './digest.ts';
import type { SlackDeps } from './slack-deps.ts';

export interface RunningSlack {
  integration: Integration;
  /** Present when Slack is on (tests use it to reach the digest and progress tracker). */
  deps?: SlackDeps;
  stop(): Promise<void>;
}

export async function startSlack(context: AppContext, http: Express, options: SlackAppOptions = {}): Promise<RunningSlack> {
  const slack = context.config.slack;
  if (!slack.botToken) {
    return {
      integration: { name: 'slack', on: false, detail: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode); README: "Connect Slack in five minutes"' },
      stop: async () => undefined,
    };
  }
  const { app, deps, mode } = createSlackApp(context, http, options);
  if (mode === 'socket') await app.start();
  // Progress messages of bulk jobs that were running when the service last stopped.
  void deps.progress.resume();
  const digest = slack.statsChannel ? scheduleDigest(deps, { channel: slack.statsChannel, hour: slack.statsHour }) : undefined;
  const admins = slack.admins.length + slack.adminGroups.length;
  const detail = [
    mode === 'socket' ? 'Socket Mode' : `HTTP mode at ${context.config.publicUrl}/slack/events`,
    admins ? `${slack.admins.length} admin(s)${slack.adminGroups.length ? ` + ${slack.adminGroups.length} group(s)` : ''}` : 'no PORTAL_ADMINS: only stats and help work',
    slack.statsChannel ? `digest to ${slack.statsChannel} at ${slack.statsHour}:00` : 'no daily digest (STATS_CHANNEL)',
  ].join(', ');
  return {
    integration: { name: 'slack', on: true, detail },
    deps,
    async stop() {
      digest?.stop();
      deps.progress.stop();
      if (mode === 'socket') await app.stop();
    },
  };
}
