import type { Core } from '../core.ts';
import { type Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findApp } from './find-app.ts';
import type { App } from './app-view.ts';

export interface RevokeAppOptions {
  accountId: string;
  /** Id or name. */
  app: string;
  actor: Actor;
}

/**
 * Revokes an app: the provider stops knowing it (no sign-in, no token
 * exchange, no refresh) and its grants and tokens are deleted.
 * @throws AppError not_found
 */
export async function revokeApp(core: Core, options: RevokeAppOptions): Promise<App> {
  const app = await findApp(core, { accountId: options.accountId, app: options.app });
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.oidcApp.update({ where: { id: app.id }, data: { revokedAt: now } });
    // Tokens and grants name their client inside the JSON payload; the provider refuses
    // them anyway once the client is gone, this just removes what can no longer be used.
    await tx.oidcPayload.deleteMany({
      where: { payload: { contains: `"clientId":"${app.id}"` }, model: { not: 'Session' } },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'app.revoked',
      subject: `app:${app.id}`,
      metadata: { name: app.name },
      at: now,
    });
  });
  return { ...app, revokedAt: now };
}
