/**
 * The readiness checks every instance has: the database answers, its schema
 * has every migration of this build, and the outbox worker's heartbeat is recent.
 */
import type { Config } from './config.ts';
import type { Core } from './core/core.ts';
import { checkDatabase } from './core/health/check-database.ts';
import { listPendingMigrations } from './core/health/list-pending-migrations.ts';
import type { ReadinessCheck } from './readiness.ts';

export function coreReadinessChecks(deps: {
  core: Core;
  config: Config;
  worker: { readonly lastHeartbeatAt: Date | undefined };
}): ReadinessCheck[] {
  return [
    {
      name: 'database',
      async check() {
        const started = Date.now();
        await checkDatabase(deps.core);
        return { ok: true, detail: `${deps.config.database}, ${Date.now() - started} ms` };
      },
    },
    {
      name: 'migrations',
      async check() {
        const pending = await listPendingMigrations(deps.core, { provider: deps.config.database });
        return pending.length === 0
          ? { ok: true, detail: 'all applied' }
          : { ok: false, detail: `not applied: ${pending.join(', ')}` };
      },
    },
    {
      // The worker renews its claims every OUTBOX_LEASE_SECONDS/10; a heartbeat older than the lease
      // means it is stuck or gone, and its claims are being taken over by others.
      name: 'worker',
      async check() {
        const last = deps.worker.lastHeartbeatAt;
        const ageMs = last ? Date.now() - last.getTime() : undefined;
        const limitMs = deps.config.outbox.leaseSeconds * 1000;
        if (ageMs === undefined) return { ok: false, detail: 'the outbox worker has not reached the database yet' };
        if (ageMs <= limitMs) return { ok: true, detail: `heartbeat ${Math.round(ageMs / 1000)} s ago` };
        return {
          ok: false,
          detail: `last heartbeat ${Math.round(ageMs / 1000)} s ago (lease ${limitMs / 1000} s): the outbox worker is stuck`,
        };
      },
    },
  ];
}
