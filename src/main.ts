/**
 * Composition root: .env -> config -> database -> core -> delivery -> HTTP + Slack.
 * Prints the banner, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { loadEnvFile } from './env-file.ts';
import { loadConfigOrExit } from './config.ts';
import { startApp, type RunningApp } from './app.ts';
import { renderBanner } from './banner.ts';
import { createLogger } from './logger.ts';
import { installProcessGuards } from './process-guards.ts';
import { describeStartFailure } from './start-failure.ts';

loadEnvFile();
const config = loadConfigOrExit();

const logger = createLogger({ level: config.logLevel, format: config.logFormat });
installProcessGuards(logger);
let app: RunningApp;
try {
  app = await startApp(config, { logger });
} catch (error) {
  // One line a person can act on, and exit 1; the stack only when asked for (LOG_LEVEL=debug).
  console.error(describeStartFailure(error, config));
  logger.debug('start-up failure', { error });
  process.exit(1);
}
console.log(
  renderBanner({
    config,
    url: app.url,
    listening: app.listening,
    secretSource: app.context.secrets.source,
    integrations: app.integrations,
    version: app.context.version,
  }),
);
const slackNow = app.slackHealth();
if (slackNow.state === 'degraded')
  logger.warn('slack: degraded at start; sign-in pages and the API are up, Slack is retried with backoff', {
    error: slackNow.lastError,
  });

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    logger.info(`${signal}: shutting down (finishing requests in flight, up to 10 s)`);
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  });
}
