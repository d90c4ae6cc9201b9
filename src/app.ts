/**
 * Builds and starts the whole service from a Config: database, core, delivery,
 * HTTP and Slack. src/main.ts calls it with the environment; tests call it
 * with their own configuration and stop it when done.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import type { AppContext } from './app-context.ts';
import { createDb } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createCore } from './core/core.ts';
import { ensureDefaultAccount } from './core/accounts/ensure-default-account.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadSecrets } from './secrets.ts';
import { createHttpApp } from './http/server.ts';

export interface RunningApp {
  context: AppContext;
  server: Server;
  /** http://127.0.0.1:<port> */
  url: string;
  /** What is on and off, for the banner. */
  integrations: Integration[];
  stop(): Promise<void>;
}

export interface Integration {
  name: string;
  on: boolean;
  detail: string;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function startApp(config: Config, options: { logger?: Logger; listen?: boolean } = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const secrets = loadSecrets({ sessionSecret: config.sessionSecret, dataDir: config.dataDir });
  await migrate(config.databaseUrl);
  const db = await createDb(config.databaseUrl);
  const core = createCore({ db, publicUrl: config.publicUrl, linkKey: secrets.linkKey });
  const defaultAccount = await ensureDefaultAccount(core, { name: config.portalName });
  const context: AppContext = { config, core, defaultAccount, logger, secrets, version };

  const integrations: Integration[] = [];
  const stops: Array<() => Promise<void>> = [];

  const http = createHttpApp(context);
  const server = createServer(http);
  if (options.listen !== false) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => resolve());
    });
  }
  const port = (server.address() as AddressInfo | null)?.port ?? config.port;

  let stopped = false;
  return {
    context,
    server,
    url: `http://127.0.0.1:${port}`,
    integrations,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const stop of stops.reverse()) await stop().catch((error) => logger.error('shutdown step failed', { error }));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.$disconnect();
    },
  };
}
