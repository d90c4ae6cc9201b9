import { randomBytes } from 'node:crypto';
import { type Actor } from '../audit/actor.ts';
import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { sealSecret } from '../events/webhook-secret-box.ts';
import { findApp } from './find-app.ts';
import type { App } from './app-view.ts';

export interface RotateAppSecretOptions {
  accountId: string;
  app: string;
  actor: Actor;
}

/**
 * Gives a confidential app a new client secret, shown once. The old one stops
 * working at once: deploy the new one to the app before rotating in production.
 * @throws AppError not_found | invalid_input (public apps have no secret)
 */
export async function rotateAppSecret(
  core: Core,
  options: RotateAppSecretOptions,
): Promise<{ app: App; clientSecret: string }> {
  const app = await findApp(core, { accountId: options.accountId, app: options.app });
  if (app.isPublic) throw invalidInput(`app: "${app.name}" is public and has no secret`);
  const clientSecret = `pds_${randomBytes(32).toString('base64url')}`;
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.oidcApp.update({ where: { id: app.id }, data: { secretSealed: sealSecret(core.linkKeys, clientSecret) } });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'app.secret_rotated',
      subject: `app:${app.id}`,
      at: now,
    });
  });
  return { app, clientSecret };
}
