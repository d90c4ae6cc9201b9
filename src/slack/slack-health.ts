/**
 * Whether Slack is reachable with our bot token, for the banner, the logs and
 * a readiness endpoint. Bolt's own eager `auth.test` rejected unhandled when
 * SLACK_API_URL was down or the token revoked, and Node then ended the whole
 * process: sign-in pages and the API went down with Slack. Here the check is
 * ours, it never throws, and it is retried with exponential backoff and
 * jitter until it succeeds; the identity it returns (team, bot user) is what
 * Bolt's `authorize` hands to listeners.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';

export type SlackState = 'off' | 'starting' | 'ok' | 'degraded';

export interface SlackHealthView {
  state: SlackState;
  /** Slack's error code or the network error, never a token. */
  lastError?: string;
  /** When the state last changed. */
  since: Date;
}

/** Who our bot token belongs to, from auth.test. */
export interface SlackIdentity {
  botToken: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
  enterpriseId?: string;
}

export interface SlackHealth {
  view(): SlackHealthView;
  /** The bot's identity: cached from the last good check, or checked now. @throws when Slack cannot be reached */
  identity(): Promise<SlackIdentity>;
  /** Settles after the first check, good or bad. */
  firstCheck: Promise<void>;
  /** Marks Slack degraded from elsewhere (Socket Mode failing to connect) and starts retrying. */
  degrade(error: unknown): void;
  stop(): void;
}

export interface SlackRetry {
  /** @default 1000 */
  firstDelayMs?: number;
  /** @default 300000 (5 minutes) */
  maxDelayMs?: number;
}

/** Slack configured off: one shape for readiness whatever the configuration. */
export function slackHealthOff(): Pick<SlackHealth, 'view'> {
  const since = new Date();
  return { view: () => ({ state: 'off', since }) };
}

export function errorCodeOf(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; original?: { code?: string }; message?: string };
  return String(e?.data?.error ?? e?.original?.code ?? e?.code ?? e?.message ?? error).slice(0, 200);
}

export function createSlackHealth(options: {
  client: webApi.WebClient;
  /** The bot token to check; without one (many workspaces, OAuth) only Slack's reachability is checked, with api.test. */
  token?: string;
  logger: Logger;
  retry?: SlackRetry;
}): SlackHealth {
  const firstDelay = options.retry?.firstDelayMs ?? 1000;
  const maxDelay = options.retry?.maxDelayMs ?? 300_000;
  let view: SlackHealthView = { state: 'starting', since: new Date() };
  let identity: SlackIdentity | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let stopped = false;
  let checking: Promise<SlackIdentity> | undefined;

  const setState = (state: SlackState, lastError?: string) => {
    if (view.state !== state || view.lastError !== lastError) view = { state, lastError, since: new Date() };
  };

  const check = (): Promise<SlackIdentity> => {
    checking ??= (options.token ? options.client.auth.test({ token: options.token }) : reachable(options.client))
      .then((result) => {
        identity = {
          botToken: options.token ?? '',
          botId: result.bot_id,
          botUserId: result.user_id,
          teamId: result.team_id,
          enterpriseId: (result.enterprise_id as string | undefined) || undefined,
        };
        if (view.state !== 'ok') options.logger.info('slack: connected', { team: result.team_id, after: view.state });
        failures = 0;
        setState('ok');
        return identity;
      })
      .catch((error: unknown) => {
        const code = errorCodeOf(error);
        setState('degraded', code);
        scheduleRetry(code);
        throw error;
      })
      .finally(() => {
        checking = undefined;
      });
    return checking;
  };

  function scheduleRetry(code: string): void {
    if (stopped || timer) return;
    failures += 1;
    // Full jitter (AWS architecture blog): many instances restarted together do not retry in step.
    const ceiling = Math.min(maxDelay, firstDelay * 2 ** (failures - 1));
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    options.logger.warn('slack: degraded, the rest of the service runs on; retrying', {
      error: code,
      retryInMs: delay,
      failures,
    });
    timer = setTimeout(() => {
      timer = undefined;
      check().catch(() => undefined);
    }, delay);
    timer.unref();
  }

  const firstCheck = check().then(
    () => undefined,
    () => undefined,
  );

  return {
    view: () => view,
    identity: () => (identity && view.state === 'ok' ? Promise.resolve(identity) : check()),
    firstCheck,
    degrade(error) {
      const code = errorCodeOf(error);
      setState('degraded', code);
      scheduleRetry(code);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Slack answers at all (no token needed): the OAuth mode's connection check. */
async function reachable(client: webApi.WebClient): Promise<webApi.AuthTestResponse> {
  await client.api.test({});
  return { ok: true };
}
