/**
 * Slack's side of an OAuth install, for the fake Slack Web API: a person
 * approving the install (approve() hands out the one-use code Slack puts on
 * the redirect), oauth.v2.access exchanging that code (and, with token
 * rotation, a refresh token) for tokens, and what each token is: auth.test
 * answers for its workspace, and a revoked or expired token is refused with
 * Slack's error. Only the token exchange is played here; the install pages
 * are the service's real ones.
 */
import { randomBytes } from 'node:crypto';

/** What the service is configured with (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET) to talk to this fake. */
export const FAKE_CLIENT_ID = '1111.2222';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

export interface FakeInstall {
  /** The workspace; left out for an org-wide (Enterprise Grid) install. */
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall?: boolean;
  /** Who clicked Allow. */
  userId: string;
  /**
   * Token rotation on: the first token expires after this many seconds and comes with a refresh
   * token; refreshed tokens last 12 hours, as Slack's do.
   */
  expiresIn?: number;
}

export interface FakeToken {
  install: FakeInstall;
  botUserId: string;
  botId: string;
  expiresAt?: number;
  revoked: boolean;
}

export interface FakeSlackOAuth {
  clientId: string;
  clientSecret: string;
  /** Every bot token handed out, live or not. */
  tokens: Map<string, FakeToken>;
  /** The one-use code Slack would put on the redirect after the person clicks Allow. */
  approve(install: FakeInstall): string;
  /** The bot token most recently handed out for a team or organisation. */
  tokenOf(teamOrEnterpriseId: string): string | undefined;
  /** What uninstalling does to tokens: Slack refuses them from then on. */
  revoke(teamOrEnterpriseId: string): void;
  /** How refresh tokens answer after their first use (Slack: invalid_refresh_token). */
  refreshGrants: number;
}

type Send = (status: number, payload: unknown) => void;

export function createFakeSlackOAuth(): FakeSlackOAuth & {
  /** Answers oauth.v2.access; false when the method is not this one's. */
  answer(method: string, args: Record<string, unknown>, send: Send): boolean;
  /** Slack's refusal for a token it knows to be dead, else undefined. */
  refusal(token: string): string | undefined;
  authTest(token: string): Record<string, unknown> | undefined;
} {
  const codes = new Map<string, FakeInstall>();
  const refreshTokens = new Map<string, FakeInstall>();
  const tokens = new Map<string, FakeToken>();
  const latest = new Map<string, string>();
  let counter = 0;
  const oauth = {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    tokens,
    refreshGrants: 0,
    approve(install: FakeInstall) {
      const code = `code-${randomBytes(6).toString('hex')}`;
      codes.set(code, install);
      return code;
    },
    tokenOf: (id: string) => latest.get(id),
    revoke(id: string) {
      for (const token of tokens.values())
        if (keyOf(token.install) === id || token.install.teamId === id) token.revoked = true;
    },
    answer(method: string, args: Record<string, unknown>, send: Send): boolean {
      if (method !== 'oauth.v2.access') return false;
      if (args.client_id !== oauth.clientId) return (send(200, { ok: false, error: 'invalid_client_id' }), true);
      if (args.client_secret !== oauth.clientSecret)
        return (send(200, { ok: false, error: 'bad_client_secret' }), true);
      let install: FakeInstall | undefined;
      if (args.grant_type === 'refresh_token') {
        install = refreshTokens.get(String(args.refresh_token));
        if (!install) return (send(200, { ok: false, error: 'invalid_refresh_token' }), true);
        refreshTokens.delete(String(args.refresh_token));
        oauth.refreshGrants += 1;
      } else {
        install = codes.get(String(args.code));
        if (!install) return (send(200, { ok: false, error: 'invalid_code' }), true);
        codes.delete(String(args.code));
      }
      send(200, issue(install, args.grant_type === 'refresh_token'));
      return true;
    },
    refusal(token: string): string | undefined {
      const known = tokens.get(token);
      if (!known) return undefined;
      if (known.revoked) return 'token_revoked';
      if (known.expiresAt && known.expiresAt * 1000 <= Date.now()) return 'token_expired';
      return undefined;
    },
    authTest(token: string): Record<string, unknown> | undefined {
      const known = tokens.get(token);
      if (!known) return undefined;
      const { install } = known;
      return {
        ok: true,
        url: `https://${(install.teamName ?? install.enterpriseName ?? 'fake').toLowerCase().replace(/\W+/g, '')}.slack.test/`,
        team: install.teamName ?? install.enterpriseName,
        user: 'portal-desk',
        team_id: install.teamId ?? install.enterpriseId,
        user_id: known.botUserId,
        bot_id: known.botId,
        ...(install.enterpriseId ? { enterprise_id: install.enterpriseId } : {}),
        is_enterprise_install: install.isEnterpriseInstall === true,
      };
    },
  };

  function issue(install: FakeInstall, refresh: boolean): Record<string, unknown> {
    counter += 1;
    const key = keyOf(install);
    const rotating = install.expiresIn !== undefined;
    const expiresIn = refresh ? 43_200 : install.expiresIn;
    const token = `${rotating ? 'xoxe.' : ''}xoxb-${key}-${counter}-${randomBytes(6).toString('hex')}`;
    const known: FakeToken = {
      install,
      botUserId: `UB${key}`,
      botId: `BB${key}`,
      expiresAt: rotating ? Math.floor(Date.now() / 1000) + expiresIn! : undefined,
      revoked: false,
    };
    tokens.set(token, known);
    latest.set(key, token);
    const refreshToken = rotating ? `xoxe-1-${randomBytes(8).toString('hex')}` : undefined;
    if (refreshToken) refreshTokens.set(refreshToken, install);
    const team = install.isEnterpriseInstall ? null : { id: install.teamId, name: install.teamName };
    const enterprise = install.enterpriseId ? { id: install.enterpriseId, name: install.enterpriseName } : null;
    return {
      ok: true,
      app_id: 'A0PORTAL',
      token_type: 'bot',
      scope: 'commands,chat:write,chat:write.public,usergroups:read,files:read,im:history,files:write,im:write',
      access_token: token,
      bot_user_id: known.botUserId,
      team,
      enterprise,
      is_enterprise_install: install.isEnterpriseInstall === true,
      ...(refresh ? {} : { authed_user: { id: install.userId } }),
      ...(rotating ? { refresh_token: refreshToken, expires_in: expiresIn } : {}),
    };
  }
  return oauth;
}

function keyOf(install: FakeInstall): string {
  return (install.isEnterpriseInstall ? install.enterpriseId : install.teamId) ?? 'T0NONE';
}
