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
import { openCore } from './open-core.ts';
import { createLogger, type Logger } from './logger.ts';
import { createHttpApp, finishHttpApp } from './http/server.ts';
import { openRateLimitStore } from './http/rate-limit-store.ts';
import { stopPortal } from './http/portal/register-portal.ts';
import { startDelivery } from './delivery/start-delivery.ts';
import { startBulkJobResumer } from './delivery/bulk-job-resumer.ts';
import { startSlack } from './slack/start-slack.ts';
import type { SlackAppOptions } from './slack/app.ts';
import { slackHealthOff, type SlackHealthView } from './slack/slack-health.ts';

export interface RunningApp {
  context: AppContext;
  server: Server;
  /** http://127.0.0.1:<port> */
  url: string;
  /** What is on and off, for the banner. */
  integrations: Integration[];
  /** Slack's state (off, starting, ok, degraded + last error), for /readyz and the banner. */
  slackHealth: () => SlackHealthView;
  /** Tests: `await app.outbox.drain()` sends every message that is due now. */
  outbox: { drain(): Promise<void> };
  stop(): Promise<void>;
}

export interface Integration {
  name: string;
  on: boolean;
  detail: string;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function startApp(config: Config, options: { logger?: Logger; listen?: boolean; /** Tests: faster bulk progress polling. */ slack?: SlackAppOptions } = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Database, core and automations (shared with the CLI).
  const { db, core, secrets, defaultAccount, resealed } = await openCore(config);
  if (resealed.resealed > 0) logger.info('webhook secrets re-sealed under the current key', { count: resealed.resealed, keyId: core.linkKeyId });
  if (resealed.unreadable > 0) logger.warn('webhook secrets sealed under a key that is not configured: their deliveries fail until re-created', { count: resealed.unreadable });
  const context: AppContext = { config, core, defaultAccount, logger, secrets, version, slackHealth: slackHealthOff().view };

  const integrations: Integration[] = [];
  // Run in reverse order on stop(): last started, first stopped.
  const stops: Array<() => Promise<void>> = [];

  // --- delivery (src/delivery): transports and the outbox worker
  const delivery = startDelivery({ config, core, logger });
  integrations.push(...delivery.integrations);
  stops.push(() => delivery.worker.stop());
  const resumer = startBulkJobResumer({ core, logger });
  stops.push(() => resumer.stop());

  // --- HTTP (src/http) and Slack (src/slack, mounted on the same server)
  const rateLimits = openRateLimitStore({ db, databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, logger });
  stops.push(() => rateLimits.close());
  integrations.push({ name: 'limits', on: true, detail: `rate limits counted in ${rateLimits.where}, shared by every instance on it` });
  const http = createHttpApp(context, rateLimits);
  stops.push(() => stopPortal(context));
  const slack = await startSlack(context, http, options.slack);
  integrations.push(slack.integration);
  stops.push(() => slack.stop());
  finishHttpApp(http, context);
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
    slackHealth: () => slack.health.view(),
    outbox: { drain: () => delivery.worker.drain() },
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
