import type { KnownBlock } from '@slack/types';
import type { App } from '../../core/oidc/app-view.ts';
import { context, escapeText, header, section, truncate } from './text.ts';

/** The one time a new client secret is shown: only to the admin who asked. */
export function appSecretMessage(
  app: App,
  issuer: string,
  clientSecret: string | null,
  rotated = false,
): { text: string; blocks: KnownBlock[] } {
  const lines = [
    `issuer \`${issuer}\``,
    `client_id \`${app.id}\``,
    clientSecret ? `client_secret \`${clientSecret}\`` : 'Public app: no secret, PKCE (S256) required.',
  ];
  return {
    text: `App "${app.name}" ${rotated ? 'has a new secret' : 'registered'} (only you can see this)`,
    blocks: [
      section(
        `:link: *App "${escapeText(truncate(app.name, 80))}" ${rotated ? 'has a new client secret' : 'registered'}.*${clientSecret ? ' Copy the secret now: it is shown only this once, to you only, and is stored sealed.' : ''}\n${lines.join('\n')}`,
      ),
      context(
        `Redirect URIs: ${app.redirectUris.map((u) => `\`${escapeText(u)}\``).join(', ')}${app.requires ? ` · requires \`${escapeText(app.requires)}\`` : ''}`,
      ),
    ],
  };
}

export function appListMessage(apps: App[]): { text: string; blocks: KnownBlock[] } {
  if (apps.length === 0)
    return {
      text: 'No apps yet.',
      blocks: [
        section(
          'No apps yet. Register one with `/portal apps create <name> <redirect URI> [requires course:*] [public] [login <URL>]`.',
        ),
      ],
    };
  const lines = apps
    .slice(0, 40)
    .map(
      (app) =>
        `• *${escapeText(truncate(app.name, 80))}* \`${app.id}\` ${app.isPublic ? 'public' : 'confidential'}${app.requires ? `, requires \`${escapeText(app.requires)}\`` : ''}\n   ${app.redirectUris.map((u) => escapeText(truncate(u, 120))).join(', ')}`,
    );
  const blocks: KnownBlock[] = [header(`Apps (${apps.length})`)];
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  blocks.push(
    context(
      'Secrets are stored sealed and never shown again. `/portal apps rotate-secret <app>` gives a new one; `/portal apps revoke <app>` stops one.',
    ),
  );
  return { text: `${apps.length} app(s)`, blocks };
}
