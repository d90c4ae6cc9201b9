import { randomBytes } from 'node:crypto';
import { type Actor } from '../audit/actor.ts';
import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { sealSecret } from '../events/webhook-secret-box.ts';
import { checkAppAddress, checkRequirement } from './app-address-rules.ts';
import { toApp, type App } from './app-view.ts';

export interface CreateAppOptions {
  accountId: string;
  name: string;
  /** Exact redirect URIs (https, or http on loopback). At least one. */
  redirectUris: string[];
  /** Single-page or mobile app: no secret, PKCE required. @default false */
  isPublic?: boolean;
  /** How a confidential app authenticates at the token endpoint. @default "client_secret_basic" */
  tokenAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** e.g. "course:*" or "community:Founders". @default anyone in the account */
  requires?: string;
  /** The app's "sign in with Portal Desk" start URL; links into the app go there. */
  loginUrl?: string;
  /** Query parameter of loginUrl that carries the path to land on. @default "callbackUrl" (Auth.js) */
  returnParam?: string;
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  /** @default "pairwise": each app sees a different, stable `sub` for the same contact */
  subjectType?: 'pairwise' | 'public';
  /** Issue rotating refresh tokens. @default false */
  refreshTokens?: boolean;
  actor: Actor;
}

/**
 * Registers an app. A confidential app's client secret is returned once and
 * stored sealed (oidc-provider compares secrets in clear, so a hash would not do).
 * @throws AppError invalid_input | conflict (an active app already has that name)
 */
export async function createApp(
  core: Core,
  options: CreateAppOptions,
): Promise<{ app: App; clientSecret: string | null }> {
  const name = options.name.trim();
  if (!name || name.length > 80) throw invalidInput('name: give the app a name of 1 to 80 characters');
  if (options.redirectUris.length === 0) throw invalidInput('redirectUris: give at least one redirect URI');
  const redirectUris = [...new Set(options.redirectUris.map((uri) => checkAppAddress('redirectUris', uri)))];
  const postLogoutRedirectUris = (options.postLogoutRedirectUris ?? []).map((uri) =>
    checkAppAddress('postLogoutRedirectUris', uri),
  );
  const loginUrl = options.loginUrl ? checkAppAddress('loginUrl', options.loginUrl) : null;
  const backchannelLogoutUri = options.backchannelLogoutUri
    ? checkAppAddress('backchannelLogoutUri', options.backchannelLogoutUri)
    : null;
  const requires = options.requires ? checkRequirement(options.requires) : null;
  const returnParam = options.returnParam ?? 'callbackUrl';
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(returnParam)) throw invalidInput('returnParam: letters, digits, _ . - only');
  const subjectType = options.subjectType ?? 'pairwise';
  if (subjectType === 'pairwise' && new Set(redirectUris.map((uri) => new URL(uri).host)).size > 1) {
    throw invalidInput(
      'redirectUris: a pairwise app must keep its redirect URIs on one host (or choose subjectType "public")',
    );
  }
  const isPublic = options.isPublic ?? false;
  const clientSecret = isPublic ? null : `pds_${randomBytes(32).toString('base64url')}`;
  const now = core.now();
  const row = await core.db.$transaction(async (tx) => {
    const clash = await tx.oidcApp.findFirst({
      where: { accountId: options.accountId, nameKey: name.toLowerCase(), revokedAt: null },
    });
    if (clash) throw new AppError('conflict', `an app named "${clash.name}" already exists (id ${clash.id})`);
    const created = await tx.oidcApp.create({
      data: {
        id: `app_${newId()}`,
        accountId: options.accountId,
        name,
        nameKey: name.toLowerCase(),
        redirectUris: JSON.stringify(redirectUris),
        postLogoutRedirectUris: JSON.stringify(postLogoutRedirectUris),
        isPublic,
        tokenAuthMethod: isPublic ? 'none' : (options.tokenAuthMethod ?? 'client_secret_basic'),
        secretSealed: clientSecret ? sealSecret(core.linkKeys, clientSecret) : null,
        requires,
        loginUrl,
        returnParam,
        subjectType,
        refreshTokens: options.refreshTokens ?? false,
        backchannelLogoutUri,
        createdBy: options.actor,
        createdAt: now,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'app.created',
      subject: `app:${created.id}`,
      metadata: { name, redirectUris, isPublic, requires },
      at: now,
    });
    return created;
  });
  return { app: toApp(row), clientSecret };
}
