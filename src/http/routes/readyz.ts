import type { Router } from 'express';
import type { Readiness } from '../../readiness.ts';

/** GET /readyz: 200 when every readiness check passes, 503 naming the ones that do not. */
export function registerReadyRoute(router: Router, readiness: Readiness): void {
  router.get('/readyz', async (_req, res) => {
    const { ready, checks } = await readiness.run();
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'not ready', checks });
  });
}
