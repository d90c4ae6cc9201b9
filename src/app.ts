/**
 * Builds and starts the whole service from a Config: database, core, delivery,
 * HTTP and Slack. src/main.ts calls it with the environment; tests call it
 * with their own configuration and stop it when done.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { packageVersion } from './package-root.ts';
import type { Config } from './config.ts';
import type { AppContext, Integration } from './app-context.ts';
import { openCore } from './open-core.ts';
import { createLogger, type Logger } from './logger.ts';
import { createHttpApp, finishHttpApp } from './http/server.ts';
import { openRateLimitStore } from './http/rate-limit-store.ts';
import { stopPortal } from './http/portal/register-portal.ts';
import { startDelivery } from './delivery/start-delivery.ts';
import { startBulkJobResumer } from './delivery/bulk-job-resumer.ts';
import { startSlack } from './slack/start-slack.ts';
import type { SlackAppOptions } from './slack/app.ts';
import type { SlackDeps } from './slack/slack-deps.ts';
import { slackHealthOff, type SlackHealthView } from './slack/slack-health.ts';
import { createReadiness, type Readiness } from './readiness.ts';
import { coreReadinessChecks } from './readiness-checks.ts';
import { drainServer } from './http/drain-server.ts';

/** The address this process uses to reach its own server: loopback unless bound to one interface. */
function reachableHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export interface RunningApp {
  context: AppContext;
  server: Server;
  /** http://127.0.0.1:<port> (or http://<HOST>:<port>): where this process can be reached from itself. */
  url: string;
  /** What the server is bound to, for the banner: `all interfaces, port 3000` or `127.0.0.1:3000`. */
  listening: string;
  /** GET /readyz's checks; add one with `readiness.add({ name, check })`. */
  readiness: Readiness;
  /** What is on and off, for the banner. */
  integrations: Integration[];
  /** Slack's state (off, starting, ok, degraded + last error), for /readyz and the banner. */
  slackHealth: () => SlackHealthView;
  /** Tests: `await app.outbox.drain()` sends every message that is due now. */
  outbox: { drain(): Promise<void> };
  /** Tests: what Slack's listeners are built from, when Slack is on (per-account clients, digest, progress). */
  slackDeps?: SlackDeps;
  stop(): Promise<void>;
}

const version = packageVersion;

export async function startApp(
  config: Config,
  options: {
    logger?: Logger;
    listen?: boolean /** Tests: faster bulk progress polling. */;
    slack?: SlackAppOptions /** @default 10000 */;
    drainTimeoutMs?: number;
  } = {},
): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Database, core and automations (shared with the CLI).
  const { db, core, secrets, defaultAccount, resealed, slackTokensResealed } = await openCore(config, {
    longRunning: true,
  });
  if (slackTokensResealed.resealed > 0)
    logger.info('Slack tokens re-sealed under the current key', { count: slackTokensResealed.resealed });
  if (slackTokensResealed.unreadable > 0)
    logger.warn('Slack installations sealed under a key that is not configured: reinstall the app there', {
      count: slackTokensResealed.unreadable,
    });
  if (resealed.resealed > 0)
    logger.info('webhook secrets re-sealed under the current key', { count: resealed.resealed, keyId: core.linkKeyId });
  if (resealed.unreadable > 0)
    logger.warn('webhook secrets sealed under a key that is not configured: their deliveries fail until re-created', {
      count: resealed.unreadable,
    });
  const context: AppContext = {
    config,
    core,
    defaultAccount,
    logger,
    secrets,
    version,
    slackHealth: slackHealthOff().view,
  };

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
  integrations.push({
    name: 'limits',
    on: true,
    detail: `rate limits counted in ${rateLimits.where}, shared by every instance on it`,
  });
  const readiness = createReadiness(coreReadinessChecks({ core, config, worker: delivery.worker }));
  const http = createHttpApp(context, rateLimits, readiness);
  stops.push(() => stopPortal(context));
  const slack = await startSlack(context, http, options.slack);
  integrations.push(slack.integration);
  // Slack degraded does not make the instance unready: sign-in pages and the API still work, and a load
  // balancer that pulled every instance because Slack is down would take them away too.
  readiness.add({
    name: 'slack',
    check: async () => {
      const now = slack.health.view();
      return {
        ok: true,
        detail:
          now.state === 'degraded'
            ? `degraded since ${now.since.toISOString()}${now.lastError ? `: ${now.lastError}` : ''}; retrying`
            : now.state,
      };
    },
  });
  stops.push(() => slack.stop());
  finishHttpApp(http, context);
  const server = createServer(http);
  if (options.listen !== false) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  }
  const port = (server.address() as AddressInfo | null)?.port ?? config.port;

  let stopped = false;
  return {
    context,
    server,
    url: `http://${reachableHost(config.host)}:${port}`,
    listening: config.host
      ? `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
      : `all interfaces, port ${port}`,
    readiness,
    integrations,
    slackHealth: () => slack.health.view(),
    slackDeps: slack.deps,
    outbox: { drain: () => delivery.worker.drain() },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Stop taking requests and let those in flight finish (up to 10 s), then stop the workers
      // (the outbox worker finishes or releases the group in hand), then the database.
      const { drained } = await drainServer(server, { timeoutMs: options.drainTimeoutMs ?? 10_000 });
      if (!drained) logger.warn('requests still running after the drain timeout were cut');
      for (const stop of stops.reverse())
        await stop().catch((error) => logger.error('shutdown step failed', { error }));
      await db.$disconnect();
    },
  };
}
