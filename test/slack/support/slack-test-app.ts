/**
 * The whole service in-process with Slack on, talking to the fake Slack Web
 * API, plus a client that plays Slack: signed slash commands, block actions,
 * view submissions, options requests and events to POST /slack/events.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startApp, type RunningApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createMemoryLogger } from '../../../src/logger.ts';
import type { DbProvider } from '../../../src/db/client.ts';
import { createEmptyDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';

export const signingSecret = 'test-signing-secret-0123456789';
export const ADMIN = 'UADMIN';
export const MEMBER = 'UMEMBER';
export const CHANNEL = 'C0GENERAL';
export const TEAM = 'T0FAKE';

export interface SlackResponse {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  ms: number;
}

export interface SlackTestApp {
  app: RunningApp;
  fake: FakeSlackApi;
  logs: string[];
  /** A signed request with any body; override timestamp or signature to test verification. */
  post(body: string, contentType: string, options?: { timestamp?: number; signature?: string }): Promise<SlackResponse>;
  command(
    text: string,
    options?: {
      user?: string;
      channel?: string;
      responseId?: string;
      triggerId?: string;
      /** Many workspaces: the workspace (and organisation) the command comes from. @default TEAM */
      team?: string;
      enterprise?: string;
      isEnterpriseInstall?: boolean;
    },
  ): Promise<SlackResponse & { responseId: string }>;
  /** Runs a command, checks it was acknowledged (200, within Slack's 3 s), and returns the first thing posted to its response_url. */
  reply(text: string, user?: string): Promise<Record<string, unknown>>;
  action(options: {
    actionId: string;
    value?: string;
    user?: string;
    channel?: string;
    responseId?: string;
    container?: 'message' | 'view';
    viewId?: string;
    /** Many workspaces: the workspace the click comes from. @default TEAM */
    team?: string;
  }): Promise<SlackResponse & { responseId: string }>;
  submit(options: {
    callbackId: string;
    privateMetadata: string;
    values: Record<string, Record<string, unknown>>;
    user?: string;
    /** @default TEAM */
    team?: string;
  }): Promise<SlackResponse>;
  suggest(options: {
    actionId: string;
    value: string;
    privateMetadata?: string;
    user?: string;
    /** @default TEAM */
    team?: string;
  }): Promise<SlackResponse>;
  event(
    event: Record<string, unknown>,
    from?: { team?: string; enterprise?: string; isEnterpriseInstall?: boolean },
  ): Promise<SlackResponse>;
  close(): Promise<void>;
}

let counter = 0;

/** @param env overrides; a variable set to undefined is left out (e.g. SLACK_SIGNING_SECRET for Socket Mode). */
export async function startSlackTestApp(
  provider: DbProvider,
  env: Record<string, string | undefined> = {},
  /** beforeStart: set up the fake Slack before the service first calls it (e.g. fail auth.test). */
  options: {
    beforeStart?: (fake: FakeSlackApi) => void;
    retry?: { firstDelayMs?: number; maxDelayMs?: number };
    /** How often the service's own alerts poller looks (a test that polls itself sets it long). */
    alertsIntervalMs?: number;
  } = {},
): Promise<SlackTestApp> {
  const fake = await startFakeSlackApi();
  options.beforeStart?.(fake);
  const database: TestDatabase = await createEmptyDatabase(provider);
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-slack-'));
  const logger = createMemoryLogger();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.apiUrl,
    PORTAL_ADMINS: ADMIN,
    ...env,
  });
  const app = await startApp(config, {
    logger,
    slack: {
      progress: { intervalMs: 25 },
      adminGroupCacheMs: 0,
      retry: options.retry,
      alertsIntervalMs: options.alertsIntervalMs,
    },
  });

  async function post(
    body: string,
    contentType: string,
    options: { timestamp?: number; signature?: string } = {},
  ): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature =
      options.signature ?? `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const started = Date.now();
    const response = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(timestamp),
      },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, ms: Date.now() - started };
  }

  const interaction = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

  const client: SlackTestApp = {
    app,
    fake,
    logs: logger.lines,
    post,
    async reply(text, user = ADMIN) {
      const response = await client.command(text, { user });
      expect(response.status).toBe(200);
      expect(response.ms).toBeLessThan(3000);
      const posted = await fake.waitFor(() => fake.responsesTo(response.responseId)[0]);
      return posted.body;
    },
    async command(text, options = {}) {
      const responseId = options.responseId ?? `cmd${++counter}`;
      const body = new URLSearchParams({
        token: 'legacy',
        team_id: options.team ?? TEAM,
        ...(options.enterprise ? { enterprise_id: options.enterprise } : {}),
        ...(options.isEnterpriseInstall ? { is_enterprise_install: 'true' } : {}),
        team_domain: 'fake',
        channel_id: options.channel ?? CHANNEL,
        channel_name: 'general',
        user_id: options.user ?? ADMIN,
        user_name: 'someone',
        command: '/portal',
        text,
        api_app_id: 'A0PORTAL',
        response_url: fake.responseUrl(responseId),
        trigger_id: options.triggerId ?? `trigger-${randomBytes(4).toString('hex')}`,
      }).toString();
      return { ...(await post(body, 'application/x-www-form-urlencoded')), responseId };
    },
    async action(options) {
      const responseId = options.responseId ?? `act${++counter}`;
      const inView = options.container === 'view';
      const team = options.team ?? TEAM;
      const response = await interaction({
        type: 'block_actions',
        user: { id: options.user ?? ADMIN, username: 'someone', team_id: team },
        team: { id: team, domain: 'fake' },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        trigger_id: `trigger-${randomBytes(4).toString('hex')}`,
        container: inView
          ? { type: 'view', view_id: options.viewId ?? 'V0MODAL' }
          : { type: 'message', message_ts: '1.1', channel_id: options.channel ?? CHANNEL, is_ephemeral: true },
        ...(inView
          ? {
              view: {
                id: options.viewId ?? 'V0MODAL',
                type: 'modal',
                callback_id: 'x',
                private_metadata: '',
                state: { values: {} },
                hash: 'h',
              },
            }
          : {
              channel: { id: options.channel ?? CHANNEL, name: 'general' },
              response_url: fake.responseUrl(responseId),
            }),
        actions: [
          {
            type: 'button',
            action_id: options.actionId,
            block_id: 'b',
            value: options.value,
            text: { type: 'plain_text', text: 'x' },
            action_ts: '1.2',
          },
        ],
      });
      return { ...response, responseId };
    },
    submit(options) {
      const team = options.team ?? TEAM;
      return interaction({
        type: 'view_submission',
        user: { id: options.user ?? ADMIN, username: 'someone', team_id: team },
        team: { id: team, domain: 'fake' },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        trigger_id: `trigger-${randomBytes(4).toString('hex')}`,
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: options.callbackId,
          private_metadata: options.privateMetadata,
          state: { values: options.values },
          hash: 'h',
          team_id: team,
          app_id: 'A0PORTAL',
          bot_id: 'BFAKE',
        },
      });
    },
    suggest(options) {
      const team = options.team ?? TEAM;
      return interaction({
        type: 'block_suggestion',
        user: { id: options.user ?? ADMIN, team_id: team },
        team: { id: team, domain: 'fake' },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        action_id: options.actionId,
        block_id: 'contact',
        value: options.value,
        container: { type: 'view', view_id: 'V0MODAL' },
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: 'invite_modal',
          private_metadata: options.privateMetadata ?? '',
          state: { values: {} },
        },
      });
    },
    event(event, from = {}) {
      const body = JSON.stringify({
        token: 'legacy',
        team_id: from.team ?? TEAM,
        ...(from.enterprise ? { enterprise_id: from.enterprise } : {}),
        api_app_id: 'A0PORTAL',
        type: 'event_callback',
        ...(from.team || from.enterprise
          ? {
              authorizations: [
                {
                  team_id: from.isEnterpriseInstall ? null : (from.team ?? null),
                  enterprise_id: from.enterprise ?? null,
                  is_enterprise_install: from.isEnterpriseInstall === true,
                  user_id: 'UBOT',
                  is_bot: true,
                },
              ],
            }
          : {}),
        event_id: `Ev${++counter}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      });
      return post(body, 'application/json');
    },
    async close() {
      await app.stop();
      await fake.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return client;
}

/** The text of everything in a Slack message or view, for assertions. */
let envelopes = 0;

/**
 * Pushes `/portal <text>` down the fake's socket as Slack does in Socket Mode (a fresh envelope id and
 * response URL each time).
 * @returns the envelope id to wait for the ack of, the id its response URL answers under, and when it was sent
 */
export function sendSocketSlashCommand(
  t: SlackTestApp,
  options: { text: string; user?: string; team?: string; channel?: string },
): { envelopeId: string; responseId: string; sent: number } {
  const envelopeId = `e${++envelopes}`;
  const responseId = `sock-${envelopeId}`;
  const sent = Date.now();
  t.fake.socket.send({
    envelope_id: envelopeId,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      token: 'legacy',
      team_id: options.team ?? TEAM,
      team_domain: 'fake',
      channel_id: options.channel ?? CHANNEL,
      channel_name: 'general',
      user_id: options.user ?? ADMIN,
      user_name: 'someone',
      command: '/portal',
      text: options.text,
      api_app_id: 'A0PORTAL',
      is_enterprise_install: 'false',
      response_url: t.fake.responseUrl(responseId),
      trigger_id: `trigger-${randomBytes(4).toString('hex')}`,
    },
  });
  return { envelopeId, responseId, sent };
}

/** A message event sharing files in a DM with the app, as Slack sends it (message.im, subtype file_share). */
export function fileShareInDm(options: { user: string; channel: string; files: Array<{ id: string; name: string }> }) {
  return {
    type: 'message',
    subtype: 'file_share',
    channel: options.channel,
    channel_type: 'im',
    user: options.user,
    text: '',
    ts: `${Date.now() / 1000}`,
    files: options.files.map((file) => ({ id: file.id, name: file.name })),
  };
}

export function allText(value: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'text' && typeof child === 'string') out.push(child);
        else walk(child);
      }
    }
  };
  walk(value);
  return out.join('\n');
}
