import type { Config } from './config.ts';
import type { Integration } from './app-context.ts';

/** The start-up banner: where it runs, on what, and what is switched on or off and why. */
export function renderBanner(options: { config: Config; url: string; secretSource: string; integrations: Integration[]; version: string }): string {
  const { config } = options;
  const database = config.database === 'sqlite' ? `SQLite ${config.databaseUrl.slice('file:'.length)}` : `PostgreSQL ${safeUrl(config.databaseUrl)}`;
  const lines = [
    `Portal Desk ${options.version}`,
    `  url        ${config.publicUrl}  (listening on ${options.url})`,
    `  database   ${database}`,
    `  secret     SESSION_SECRET ${options.secretSource === 'environment' ? 'from the environment' : `${options.secretSource === 'generated' ? 'generated and kept' : 'read from'} ${config.dataDir}/session-secret`}`,
    ...options.integrations.map((i) => `  ${i.name.padEnd(10)} ${i.on ? 'on ' : 'off'}  ${i.detail}`),
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
