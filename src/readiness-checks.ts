/**
 * The readiness checks every instance has: the database answers, its schema
 * has every migration of this build, and the outbox is being worked on.
 */
import type { Config } from './config.ts';
import type { Core } from './core/core.ts';
import type { Db } from './db/client.ts';
import { listPendingMigrations } from './db/pending-migrations.ts';
import { findOldestDueMessage } from './core/outbox/find-oldest-due-message.ts';
import type { ReadinessCheck } from './readiness.ts';

export function coreReadinessChecks(deps: { db: Db; core: Core; config: Config }): ReadinessCheck[] {
  return [
    {
      name: 'database',
      async check() {
        const started = Date.now();
        await deps.db.$queryRawUnsafe('SELECT 1');
        return { ok: true, detail: `${deps.config.database}, ${Date.now() - started} ms` };
      },
    },
    {
      name: 'migrations',
      async check() {
        const pending = await listPendingMigrations(deps.db, { provider: deps.config.database });
        return pending.length === 0 ? { ok: true, detail: 'all applied' } : { ok: false, detail: `not applied: ${pending.join(', ')}` };
      },
    },
    {
      // Until the worker reports a heartbeat (#10), "alive" is judged by its work: no message has been
      // due for longer than a claim may last. A worker that stopped leaves due messages waiting.
      name: 'worker',
      async check() {
        const oldest = await findOldestDueMessage(deps.core);
        const limitSeconds = Math.max(60, deps.config.outbox.claimTimeoutSeconds * 2);
        if (oldest === null || oldest.waitingSeconds <= limitSeconds) return { ok: true, detail: oldest ? `oldest due message waiting ${Math.round(oldest.waitingSeconds)} s` : 'nothing due' };
        return { ok: false, detail: `a message has been due for ${Math.round(oldest.waitingSeconds)} s (limit ${limitSeconds} s): is the outbox worker running?` };
      },
    },
  ];
}
