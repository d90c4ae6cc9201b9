/**
 * Copies SQLite's write-ahead log into the database file from a worker
 * thread, so that the service's event loop never does it.
 *
 * Why: with SQLite's automatic checkpoint (every 1,000 WAL pages) the commit
 * that crosses the mark copies the pages and syncs the file on the event loop.
 * Under a click storm that was most of the cost of a COMMIT (0.87 ms per
 * redemption batch, about a sixth of the CPU per link; bench/redeem,
 * docs/benchmarks.md "Redemption"). A PASSIVE checkpoint from another
 * connection waits for no one and blocks no one: writers keep appending to the
 * WAL meanwhile, and the next writer after a complete checkpoint starts the
 * WAL from its beginning again. The service's own connection keeps an
 * automatic checkpoint as a backstop (`backstopPages`), far above what the
 * worker lets the WAL reach.
 */
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** Pages the service's connection lets the WAL hold before checkpointing itself (the worker never lets it). */
export const backstopPages = 20_000;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

// CommonJS, evaluated in the worker: it needs nothing from the service but the driver.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * @param path the database file
 * @param options.intervalMs how often to checkpoint. @default 250
 */
export function startWalCheckpointer(path: string, options: { intervalMs?: number } = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { path, driver, intervalMs: options.intervalMs ?? 250 },
  });
  // The service's shutdown stops it; it never keeps a process alive on its own.
  worker.unref();
  const exited = once(worker, 'exit');
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
