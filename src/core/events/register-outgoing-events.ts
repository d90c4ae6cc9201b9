import type { AuditRecordedHook, Core } from '../core.ts';
import { isOutgoingEventType } from './event-types.ts';
import { queueOutgoingEvents } from './queue-outgoing-events.ts';

/** Audited changes webhook subscribers hear about, queued in the change's own transaction. */
export const queueOutgoingEventsForAudit: AuditRecordedHook = async (db, events) => {
  for (const event of events) {
    if (!event.accountHasWebhooks || !isOutgoingEventType(event.action)) continue;
    await queueOutgoingEvents(db, event);
  }
};

/**
 * Attaches the outgoing-webhook fan-out to a core. Called once where the core
 * is built (src/open-core.ts), so audit writes from every surface announce
 * themselves to subscribers. Idempotent.
 */
export function registerOutgoingEvents(core: Core): void {
  if (!core.hooks.auditRecorded.includes(queueOutgoingEventsForAudit))
    core.hooks.auditRecorded.push(queueOutgoingEventsForAudit);
}
