import type { KnownBlock } from '@slack/types';
import type { ApiKey } from '../../core/api-keys/api-key-view.ts';
import { context, escapeText, formatDate, header, moreLine, section, truncate } from './text.ts';

/** Keys listed in one message; each is a line, several lines share a section. */
export const API_KEYS_LISTED = 60;
const LINES_PER_SECTION = 12;

/**
 * The one time a new key is shown. It goes only to the person who asked
 * (ephemeral), and the text says it cannot be shown again.
 */
export function createdApiKeyMessage(apiKey: ApiKey, key: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: `API key "${apiKey.name}" created (only you can see this; copy it now)`,
    blocks: [
      section(
        `:key: *API key "${escapeText(truncate(apiKey.name, 80))}" created.* Copy it now: it is shown only this once, to you only, and is stored hashed.\n\`${key}\``,
      ),
      context(
        `Use it as \`Authorization: Bearer <key>\` on /api/v1. Id \`${apiKey.id}\`, prefix \`${apiKey.prefix}\`. Revoke it with \`/portal apikey revoke ${apiKey.prefix}\`.`,
      ),
    ],
  };
}

function keyLine(key: ApiKey): string {
  const state = key.revokedAt ? `:no_entry: revoked ${formatDate(key.revokedAt)}` : ':large_green_circle: active';
  return `• *${escapeText(truncate(key.name, 80))}* \`${key.prefix}…\`  ${state}\n   created ${formatDate(key.createdAt)} by ${escapeText(key.createdBy)}, last used ${formatDate(key.lastUsedAt)}, id \`${key.id}\``;
}

/** Every key of the account, active first then revoked, newest first within each. */
export function apiKeyListMessage(keys: ApiKey[]): { text: string; blocks: KnownBlock[] } {
  if (keys.length === 0)
    return {
      text: 'No API keys yet.',
      blocks: [
        section(
          'No API keys yet. Create one with `/portal apikey create <name>`, e.g. `/portal apikey create Checkout`.',
        ),
      ],
    };
  const sorted = [...keys.filter((k) => !k.revokedAt), ...keys.filter((k) => k.revokedAt)];
  const shown = sorted.slice(0, API_KEYS_LISTED);
  const active = keys.filter((k) => !k.revokedAt).length;
  const blocks: KnownBlock[] = [header(`API keys (${active} active, ${keys.length - active} revoked)`)];
  for (let i = 0; i < shown.length; i += LINES_PER_SECTION)
    blocks.push(
      section(
        shown
          .slice(i, i + LINES_PER_SECTION)
          .map(keyLine)
          .join('\n'),
      ),
    );
  if (sorted.length > shown.length) blocks.push(context(moreLine(shown.length, sorted.length, 'keys')));
  blocks.push(
    context(
      'Keys are stored hashed: only their prefix can be shown. `/portal apikey revoke <id or prefix>` stops one.',
    ),
  );
  return { text: `${active} active API key(s), ${keys.length - active} revoked`, blocks };
}
