import { portalSiteUrl } from '../../core/accounts/portal-site-url.ts';
import { createApp } from '../../core/oidc/create-app.ts';
import { listApps } from '../../core/oidc/list-apps.ts';
import { revokeApp } from '../../core/oidc/revoke-app.ts';
import { rotateAppSecret } from '../../core/oidc/rotate-app-secret.ts';
import { rotateSigningKey } from '../../core/oidc/signing-keys.ts';
import type { App } from '../../core/oidc/app-view.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

const list = (values: string | boolean | string[] | undefined): string[] =>
  Array.isArray(values) ? values : typeof values === 'string' ? [values] : [];

function describe(app: App): string {
  return [
    `  ${app.name}  client_id ${app.id}  ${app.isPublic ? 'public (PKCE)' : app.tokenAuthMethod}`,
    `      redirect ${app.redirectUris.join(', ')}`,
    app.loginUrl ? `      login URL ${app.loginUrl}` : '',
    app.requires ? `      requires ${app.requires}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export const apps: CliCommand = {
  name: 'apps',
  usage:
    'apps create <name> --redirect-uri <uri> [--redirect-uri …] [--public] [--requires course:*] [--login-url <uri>] [--return-param callbackUrl] [--post-logout-uri <uri>] [--backchannel-logout-uri <uri>] [--subject public|pairwise] [--refresh-tokens] [--client-secret-post] | apps list | apps revoke <id or name> | apps rotate-secret <id or name> | apps rotate-signing-key',
  summary: 'Apps people sign in to with Portal Desk (OpenID Connect clients), and the provider signing key',
  options: {
    'redirect-uri': { type: 'string', multiple: true },
    public: { type: 'boolean' },
    requires: { type: 'string' },
    'login-url': { type: 'string' },
    'return-param': { type: 'string' },
    'post-logout-uri': { type: 'string', multiple: true },
    'backchannel-logout-uri': { type: 'string' },
    subject: { type: 'string' },
    'refresh-tokens': { type: 'boolean' },
    'client-secret-post': { type: 'boolean' },
  },
  async run(context, { positionals, values }) {
    const [action, ...rest] = positionals;
    const accountId = context.account.id;
    if (action === 'create') {
      if (rest.length === 0)
        throw new UsageError('give the app a name: apps create "Courses" --redirect-uri https://…');
      const subject = values.subject as string | undefined;
      if (subject && subject !== 'public' && subject !== 'pairwise')
        throw new UsageError('--subject is public or pairwise');
      const { app, clientSecret } = await createApp(context.core, {
        accountId,
        name: rest.join(' '),
        redirectUris: list(values['redirect-uri']),
        isPublic: values.public === true,
        requires: values.requires as string | undefined,
        loginUrl: values['login-url'] as string | undefined,
        returnParam: values['return-param'] as string | undefined,
        postLogoutRedirectUris: list(values['post-logout-uri']),
        backchannelLogoutUri: values['backchannel-logout-uri'] as string | undefined,
        subjectType: subject as 'public' | 'pairwise' | undefined,
        refreshTokens: values['refresh-tokens'] === true,
        tokenAuthMethod: values['client-secret-post'] === true ? 'client_secret_post' : undefined,
        actor: context.actor,
      });
      // Each account's portal is its own issuer (src/http/oidc/oidc-portal.ts).
      const issuer = portalSiteUrl(context.core, context.account);
      report(
        context,
        { app, clientSecret, issuer },
        `App "${app.name}" registered.\n\n  issuer         ${issuer}\n  client_id      ${app.id}\n${clientSecret ? `  client_secret  ${clientSecret}\n\nCopy the secret now: it is stored sealed and cannot be shown again.` : '\nPublic app: no secret, PKCE (S256) required.'}`,
      );
      return;
    }
    if (action === 'list') {
      const found = await listApps(context.core, { accountId });
      report(
        context,
        found,
        found.length
          ? `${found.length} app(s):\n${found.map(describe).join('\n')}`
          : 'No apps. Register one: apps create <name> --redirect-uri <uri>',
      );
      return;
    }
    if (action === 'revoke') {
      if (rest.length === 0) throw new UsageError('name the app to revoke: its client_id or its name');
      const app = await revokeApp(context.core, { accountId, app: rest.join(' '), actor: context.actor });
      report(
        context,
        app,
        `Revoked "${app.name}": nobody can sign in to it with Portal Desk any more, and its tokens no longer work.`,
      );
      return;
    }
    if (action === 'rotate-secret') {
      if (rest.length === 0) throw new UsageError('name the app: its client_id or its name');
      const { app, clientSecret } = await rotateAppSecret(context.core, {
        accountId,
        app: rest.join(' '),
        actor: context.actor,
      });
      report(
        context,
        { app, clientSecret },
        `New client secret for "${app.name}":\n\n  ${clientSecret}\n\nThe old one no longer works. Copy this now: it cannot be shown again.`,
      );
      return;
    }
    if (action === 'rotate-signing-key') {
      const rotated = await rotateSigningKey(context.core);
      report(
        context,
        rotated,
        `New signing key ${rotated.kid}; running instances use it within a minute. ${rotated.retired.length ? `Retired ${rotated.retired.join(', ')}: still published for 24 hours, until the tokens it signed have expired.` : ''}`,
      );
      return;
    }
    throw new UsageError(
      'apps create <name> --redirect-uri <uri> | apps list | apps revoke <app> | apps rotate-secret <app> | apps rotate-signing-key',
    );
  },
};
