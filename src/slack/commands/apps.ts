import { portalSiteUrl } from '../../core/accounts/portal-site-url.ts';
import { createApp } from '../../core/oidc/create-app.ts';
import { listApps } from '../../core/oidc/list-apps.ts';
import { revokeApp } from '../../core/oidc/revoke-app.ts';
import { rotateAppSecret } from '../../core/oidc/rotate-app-secret.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { appListMessage, appSecretMessage } from '../blocks/apps.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandRun, Subcommand } from './subcommand.ts';

/** Slack may wrap a URL as <https://…> or <https://…|label>. */
const unwrap = (word: string) => word.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');

/** `create Courses Site https://…/callback [requires course:*] [public] [login https://…]` */
function parseCreate(args: string[]) {
  const words = args.map(unwrap);
  const name: string[] = [];
  const redirectUris: string[] = [];
  let requires: string | undefined;
  let loginUrl: string | undefined;
  let isPublic = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const lower = word.toLowerCase().replace(/^--?/, '');
    if (lower === 'requires' || lower === 'login' || lower === 'login-url') {
      const value = words[i + 1];
      if (!value) throw invalidInput(`${lower} needs a value`);
      if (lower === 'requires') requires = value;
      else loginUrl = value;
      i += 1;
    } else if (lower === 'public') isPublic = true;
    else if (/^https?:\/\//i.test(word)) redirectUris.push(word);
    else name.push(word);
  }
  if (name.length === 0)
    throw invalidInput(
      'name the app, e.g. /portal apps create Courses https://courses.example.com/api/auth/callback/portal',
    );
  return { name: name.join(' '), redirectUris, requires, loginUrl, isPublic };
}

export const apps: Subcommand = {
  name: 'apps',
  aliases: ['app'],
  usage:
    '/portal apps create <name> <redirect URI> [requires course:*] [public] [login <URL>] | list | revoke <app> | rotate-secret <app>',
  summary: 'Apps people sign in to with Portal Desk (OpenID Connect): a new secret is shown once, only to you.',
  adminOnly: true,
  what: 'manage apps',
  async run(run) {
    const [verb = 'list', ...rest] = run.args;
    const core = run.core;
    const accountId = run.account.id;
    const arg = rest.join(' ').trim();
    switch (verb.toLowerCase()) {
      case 'create':
      case 'new': {
        const { app, clientSecret } = await createApp(core, { accountId, ...parseCreate(rest), actor: run.actor });
        const shown = await replyPrivately(
          run.deps,
          run.reply,
          appSecretMessage(app, portalSiteUrl(core, run.account), clientSecret),
          {
            ephemeralOnly: true,
          },
        );
        // A secret that could not be shown privately is useless and must not linger: revoke the app.
        if (!shown && clientSecret) {
          await revokeApp(core, { accountId, app: app.id, actor: 'system' });
          await replyPrivately(
            run.deps,
            run.reply,
            simpleMessage(
              `The app "${escapeText(app.name)}" could not be shown to you privately, so it was revoked at once. Run the command again.`,
            ),
          );
        }
        return;
      }
      case 'list':
      case 'ls':
        await replyPrivately(run.deps, run.reply, appListMessage(await listApps(core, { accountId })));
        return;
      case 'revoke':
      case 'delete': {
        if (!arg) throw invalidInput('name the app to revoke: its client_id or its name');
        const app = await revokeApp(core, { accountId, app: arg, actor: run.actor });
        await replyPrivately(
          run.deps,
          run.reply,
          simpleMessage(
            `:no_entry: *${escapeText(app.name)}* is revoked: nobody can sign in to it with Portal Desk, and its tokens no longer work.`,
          ),
        );
        return;
      }
      case 'rotate-secret': {
        if (!arg) throw invalidInput('name the app: its client_id or its name');
        const { app, clientSecret } = await rotateAppSecret(core, { accountId, app: arg, actor: run.actor });
        await replyPrivately(
          run.deps,
          run.reply,
          appSecretMessage(app, portalSiteUrl(core, run.account), clientSecret, true),
          {
            ephemeralOnly: true,
          },
        );
        return;
      }
      default:
        throw invalidInput(`"${verb}" is not an apps action: use create, list, revoke or rotate-secret`);
    }
  },
};
