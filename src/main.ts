/**
 * Composition root: config -> database -> core -> delivery -> HTTP + Slack.
 * Prints the banner, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { loadConfigOrExit } from './config.ts';
import { startApp } from './app.ts';
import { renderBanner } from './banner.ts';
import { createLogger } from './logger.ts';
import { installProcessGuards } from './process-guards.ts';

const config = loadConfigOrExit();

const logger = createLogger({ level: config.logLevel });
installProcessGuards(logger);
const app = await startApp(config, { logger });
console.log(renderBanner({ config, url: app.url, secretSource: app.context.secrets.source, integrations: app.integrations, version: app.context.version }));
const slackNow = app.slackHealth();
if (slackNow.state === 'degraded') logger.warn('slack: degraded at start; sign-in pages and the API are up, Slack is retried with backoff', { error: slackNow.lastError });

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    logger.info(`${signal}: shutting down`);
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  });
}
