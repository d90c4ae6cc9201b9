import type { Router } from 'express';
import type { Core } from '../../core/core.ts';
import { checkDatabase } from '../../core/health/check-database.ts';

/** GET /healthz: 200 with the database reachable, 503 otherwise. */
export function registerHealthRoute(router: Router, deps: { core: Core; database: string; version: string }): void {
  router.get('/healthz', async (_req, res) => {
    const started = Date.now();
    try {
      await checkDatabase(deps.core);
      res.status(200).json({
        status: 'ok',
        database: { status: 'ok', provider: deps.database, latencyMs: Date.now() - started },
        version: deps.version,
      });
    } catch {
      res
        .status(503)
        .json({ status: 'error', database: { status: 'unreachable', provider: deps.database }, version: deps.version });
    }
  });
}
