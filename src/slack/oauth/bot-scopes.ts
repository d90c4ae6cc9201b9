/**
 * The bot scopes an OAuth install asks for. They must equal manifest.json's
 * `oauth_config.scopes.bot` (test/slack/oauth/bot-scopes.test.ts compares
 * them); the manifest is not shipped in the image, so they live here too.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'usergroups:read',
  'files:read',
  'im:history',
  'files:write',
  'im:write',
] as const;
