/**
 * Starts Slack inside the service, or explains how to connect it. Without a
 * bot token the rest of the service runs and the banner says what to set.
 */
import type { Express } from 'express';
import type { AppContext } from '../app-context.ts';
import type { Integration } from '../app-context.ts';
import { createSlackApp, type SlackAppOptions } from './app.ts';
import { scheduleDigest } from './digest.ts';
import { scheduleFailureAlerts } from './alerts.ts';
import type { SlackDeps } from './slack-deps.ts';
import { errorCodeOf, slackHealthOff, type SlackHealth } from './slack-health.ts';

export interface RunningSlack {
  integration: Integration;
  /** Present when Slack is on (tests use it to reach the digest and progress tracker). */
  deps?: SlackDeps;
  /** Slack's state for readiness: off, starting, ok or degraded (with the last error). */
  health: Pick<SlackHealth, 'view'>;
  /** Present when Slack is on: tests poll it instead of waiting for the timer. */
  alerts?: { poll(): Promise<number> };
  stop(): Promise<void>;
}

/** How long the banner waits for the first connection check before printing "starting". */
const FIRST_CHECK_WAIT_MS = 5000;

export async function startSlack(
  context: AppContext,
  http: Express,
  options: SlackAppOptions = {},
): Promise<RunningSlack> {
  const slack = context.config.slack;
  if (!slack.botToken && !slack.oauth) {
    return {
      integration: {
        name: 'slack',
        on: false,
        detail:
          'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode); README: "Connect Slack in five minutes". Many workspaces: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET',
      },
      health: slackHealthOff(),
      stop: async () => undefined,
    };
  }
  const { app, deps, mode, health } = createSlackApp(context, http, options);
  // Readiness reads it from the context from now on: "starting" while the first check runs.
  context.slackHealth = () => health.view();
  const socket =
    mode === 'socket' ? keepSocketConnected(app, health, context, options.retry?.firstDelayMs ?? 1000) : undefined;
  await Promise.race([
    Promise.all([health.firstCheck, socket?.first]),
    new Promise((resolve) => setTimeout(resolve, FIRST_CHECK_WAIT_MS).unref()),
  ]);
  // Progress messages of bulk jobs that were running when the service last stopped.
  void deps.progress.resume();
  // Always on: any account may set its digest or alerts channel at any time (/portal settings).
  const digest = scheduleDigest(deps, { hour: slack.statsHour });
  const alerts = scheduleFailureAlerts(deps, { intervalMs: options.alertsIntervalMs });
  const admins = slack.admins.length + slack.adminGroups.length;
  const detail = [
    mode === 'socket' ? 'Socket Mode' : `HTTP mode at ${context.config.publicUrl}/slack/events`,
    ...(slack.oauth ? [`many workspaces: install at ${context.config.publicUrl}/slack/install`] : []),
    admins
      ? `${slack.admins.length} admin(s)${slack.adminGroups.length ? ` + ${slack.adminGroups.length} group(s)` : ''}`
      : 'no PORTAL_ADMINS: only stats and help work',
    `daily digest at ${slack.statsHour}:00 to each account's digest channel${slack.statsChannel ? ` (default account: ${slack.statsChannel})` : ''}`,
    `delivery failures to each account's alerts channel${slack.alertsChannel ? ` (default account: ${slack.alertsChannel})` : ''}`,
  ].join(', ');
  return {
    integration: {
      name: 'slack',
      on: true,
      // Read when the banner is printed: says "degraded" while Slack cannot be reached.
      get detail() {
        const now = health.view();
        return now.state === 'ok'
          ? detail
          : `${now.state.toUpperCase()}${now.lastError ? ` (${now.lastError})` : ''}, retrying with backoff; the rest of the service runs. ${detail}`;
      },
    },
    deps,
    health,
    alerts,
    async stop() {
      health.stop();
      digest.stop();
      alerts.stop();
      deps.progress.stop();
      if (socket) await socket.stop();
    },
  };
}

/** Socket Mode connects out; a failed start marks Slack degraded and is tried again with backoff. */
function keepSocketConnected(
  app: { start(): Promise<unknown>; stop(): Promise<unknown> },
  health: SlackHealth,
  context: AppContext,
  firstDelayMs: number,
) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let started = false;
  let failures = 0;
  const attempt = (): Promise<void> =>
    app.start().then(
      () => {
        started = true;
      },
      (error: unknown) => {
        if (stopped) return;
        failures += 1;
        health.degrade(error);
        const delay = Math.min(300_000, firstDelayMs * 2 ** (failures - 1));
        context.logger.warn('slack: Socket Mode could not connect; retrying', {
          error: errorCodeOf(error),
          retryInMs: delay,
        });
        timer = setTimeout(() => void attempt(), delay);
        timer.unref();
      },
    );
  const first = attempt();
  return {
    first,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (started) await app.stop();
    },
  };
}
