import { resolve } from 'node:path';
import type { Config } from './config.ts';
import type { Integration } from './app-context.ts';

/**
 * The start-up banner: where it runs, on what, what is switched on or off and
 * why, and what to do next. `listening` is the true bind address
 * (RunningApp.listening): issue #13 saw "listening on 127.0.0.1" from a server
 * bound to every interface.
 */
export function renderBanner(options: {
  config: Config;
  url: string;
  listening?: string;
  secretSource: string;
  integrations: Integration[];
  version: string;
}): string {
  const { config } = options;
  const database =
    config.database === 'sqlite'
      ? `SQLite ${config.databaseUrl.slice('file:'.length)}`
      : `PostgreSQL ${safeUrl(config.databaseUrl)}`;
  const emailLocal = options.integrations.some((i) => i.name === 'email' && !i.on);
  const lines = [
    `Portal Desk ${options.version}`,
    `  url        ${config.publicUrl}${config.publicUrlSource === 'default' ? ' (no PUBLIC_URL set)' : ''}`,
    `  listening  ${options.listening ?? options.url}`,
    `  database   ${database}`,
    `  secret     SESSION_SECRET ${options.secretSource === 'environment' ? 'from the environment' : `${options.secretSource === 'generated' ? 'generated and kept' : 'read from'} ${config.dataDir}/session-secret`}`,
    ...options.integrations.map((i) => `  ${i.name.padEnd(10)} ${i.on ? 'on ' : 'off'}  ${i.detail}`),
    '',
    'Next steps',
    '  invite yourself   npx portal-desk invite you@example.com',
    ...(emailLocal
      ? [`  open the email    ${resolve(config.dataDir, 'outbox')}/*.email.html in a browser, and click the link`]
      : []),
    `  sign in           ${config.publicUrl}/login`,
    `  health            ${config.publicUrl}/healthz and /readyz${config.metrics.enabled ? ', metrics at /metrics' : ''}`,
  ];
  return lines.join('\n');
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable)';
  }
}
