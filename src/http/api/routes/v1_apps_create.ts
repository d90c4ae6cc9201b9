import { portalSiteUrl } from '../../../core/accounts/portal-site-url.ts';
import { findAccount } from '../../../core/accounts/find-account.ts';
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { createApp } from '../../../core/oidc/create-app.ts';
import type { App } from '../../../core/oidc/app-view.ts';

export const appSchema = z.object({
  id: z.string().describe('The OpenID Connect client_id'),
  name: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  isPublic: z.boolean(),
  tokenAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']),
  requires: z.string().nullable(),
  loginUrl: z.string().nullable(),
  returnParam: z.string(),
  subjectType: z.enum(['pairwise', 'public']),
  refreshTokens: z.boolean(),
  backchannelLogoutUri: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export function appJson(app: App): z.infer<typeof appSchema> {
  return {
    id: app.id,
    name: app.name,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    isPublic: app.isPublic,
    tokenAuthMethod: app.tokenAuthMethod,
    requires: app.requires,
    loginUrl: app.loginUrl,
    returnParam: app.returnParam,
    subjectType: app.subjectType,
    refreshTokens: app.refreshTokens,
    backchannelLogoutUri: app.backchannelLogoutUri,
    createdAt: app.createdAt.toISOString(),
  };
}

const uri = z.string().max(2000);

export const appsCreate = defineRoute({
  method: 'post',
  path: '/apps',
  operationId: 'createApp',
  tag: 'apps',
  summary: 'Register an app people sign in to with Portal Desk (an OpenID Connect client)',
  description:
    "The issuer is the account's portal address (`issuer` in the answer; PUBLIC_URL for the default account), with discovery at `<issuer>/.well-known/openid-configuration`. Redirect URIs are matched exactly and must be https (http only on loopback). A confidential app gets a client secret, shown once in this answer and stored sealed.",
  body: z
    .object({
      name: z.string().min(1).max(80),
      redirectUris: z.array(uri).min(1).max(20),
      isPublic: z.boolean().optional().describe('Single-page or mobile app: no secret, PKCE required. Default false'),
      tokenAuthMethod: z
        .enum(['client_secret_basic', 'client_secret_post'])
        .optional()
        .describe('Default client_secret_basic'),
      requires: z
        .string()
        .max(220)
        .optional()
        .describe('A grant the contact must hold: course:*, course:<name>, community:<name>, affiliate'),
      loginUrl: uri
        .optional()
        .describe('The app\'s own "sign in with Portal Desk" start URL; magic links into the app go there'),
      returnParam: z
        .string()
        .max(40)
        .optional()
        .describe('Query parameter of loginUrl carrying the path to land on. Default callbackUrl'),
      postLogoutRedirectUris: z.array(uri).max(20).optional(),
      backchannelLogoutUri: uri.optional(),
      subjectType: z.enum(['pairwise', 'public']).optional().describe('Default pairwise'),
      refreshTokens: z.boolean().optional().describe('Issue rotating refresh tokens. Default false'),
    })
    .strict(),
  responses: {
    201: {
      description: 'Registered. The client secret is shown once',
      schema: z.object({ app: appSchema, clientSecret: z.string().nullable(), issuer: z.string() }),
    },
  },
  errors: [400, 401, 409, 413, 422, 429],
  async handler({ context, caller, body }) {
    const { app, clientSecret } = await createApp(context.core, {
      accountId: caller.accountId,
      ...body,
      actor: caller.actor,
    });
    return {
      status: 201,
      body: {
        app: appJson(app),
        clientSecret,
        issuer: portalSiteUrl(context.core, await findAccount(context.core, { id: caller.accountId })),
      },
      headers: { 'Cache-Control': 'no-store' },
    };
  },
});
