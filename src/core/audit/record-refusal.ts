import type { Core } from '../core.ts';
import type { Actor } from './actor.ts';
import { recordAuditEvent } from './record-audit-event.ts';

export interface RecordRefusalOptions {
  accountId: string;
  actor: Actor;
  /** What was refused, in words: "invite contacts". */
  what: string;
  /** The surface's own id of the person refused (a Slack user id), kept even when it is not a valid actor. */
  userId: string;
}

/** Audits a refused attempt (someone who is not an admin tried an admin action). */
export async function recordRefusal(core: Core, options: RecordRefusalOptions): Promise<void> {
  await recordAuditEvent(core, core.db, {
    accountId: options.accountId,
    actor: options.actor,
    action: 'slack.refused',
    metadata: { what: options.what, userId: options.userId },
    at: core.now(),
  });
}
