/**
 * The outbox worker on its own, without the web server: `tsx src/delivery/worker-cli.ts`.
 * It also finishes bulk jobs that a dead process left half-queued.
 * Configured like the service (.env and the environment). Run several on one
 * database to send faster; they never send the same message twice. SIGINT or
 * SIGTERM finishes the group in hand and exits; SIGKILL loses nothing (the
 * messages it held are taken back within OUTBOX_LEASE_SECONDS).
 */
import { loadEnvFile } from '../env-file.ts';
import { loadConfigOrExit } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openCore } from '../open-core.ts';
import { startDelivery } from './start-delivery.ts';
import { startBulkJobResumer } from './bulk-job-resumer.ts';

loadEnvFile();
const config = loadConfigOrExit();

const logger = createLogger({ level: config.logLevel, format: config.logFormat });
const opened = await openCore(config, { longRunning: true });
const delivery = startDelivery({ config, core: opened.core, logger });
const resumer = startBulkJobResumer({ core: opened.core, logger });
for (const line of delivery.integrations) logger.info(`${line.name} ${line.on ? 'on' : 'off'}: ${line.detail}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info(`${signal}: stopping the outbox worker`);
    Promise.all([delivery.worker.stop(), resumer.stop()])
      .then(() => opened.close())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  });
}
