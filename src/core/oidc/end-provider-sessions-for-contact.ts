import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import type { Tx } from '../../db/client.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';

/** One app to tell, by back-channel logout, that a contact's session there is over. */
export interface LogoutNotice {
  clientId: string;
  contactId: string;
  /** The provider session id the app was given (the ID token's `sid`). */
  sid: string;
}

/**
 * Sends back-channel logout tokens. The HTTP layer registers it when the
 * provider starts (it holds the signing keys); the CLI has none, and then the
 * sessions still end, only the apps hear of it at their next refresh or userinfo.
 */
export type BackchannelSender = (notices: LogoutNotice[]) => Promise<{ failed: number }>;

const senders = new WeakMap<Core, BackchannelSender>();

export function registerBackchannelSender(core: Core, sender: BackchannelSender): void {
  senders.set(core, sender);
}

export interface EndProviderSessionsOptions {
  accountId: string;
  contactId: string;
  actor: Actor;
}

/**
 * Ends everything a contact holds at the OpenID Connect provider: provider
 * sessions, grants, authorization codes, access and refresh tokens; then
 * sends back-channel logout to each app that had a session. For "sign out
 * everywhere" and direct use; deactivation and erasure use the hook below.
 */
export async function endProviderSessionsForContact(
  core: Core,
  options: EndProviderSessionsOptions,
): Promise<{ ended: number; notified: number; failed: number }> {
  const { ended, notices } = await core.db.$transaction((tx) => endProviderSessionsInTx(core, tx, options));
  const { failed } = await sendBackchannelLogout(core, notices);
  return { ended, notified: notices.length - failed, failed };
}

/**
 * The database half, in the caller's transaction: deletes the contact's
 * provider state and says which apps to tell. Send the notices after commit.
 */
export async function endProviderSessionsInTx(
  core: Core,
  tx: Tx,
  options: EndProviderSessionsOptions,
): Promise<{ ended: number; notices: LogoutNotice[] }> {
  const sessions = await tx.oidcPayload.findMany({ where: { model: 'Session', contactId: options.contactId } });
  const notices: LogoutNotice[] = [];
  for (const row of sessions) {
    const payload = JSON.parse(row.payload) as { authorizations?: Record<string, { sid?: string }> };
    for (const [clientId, authorization] of Object.entries(payload.authorizations ?? {})) {
      if (authorization.sid) notices.push({ clientId, contactId: options.contactId, sid: authorization.sid });
    }
  }
  const grants = await tx.oidcPayload.findMany({
    where: { model: 'Grant', contactId: options.contactId },
    select: { id: true },
  });
  const grantIds = grants.map((row) => row.id.slice('Grant:'.length));
  const byGrant = grantIds.length
    ? (await tx.oidcPayload.deleteMany({ where: { grantId: { in: grantIds } } })).count
    : 0;
  const own = (await tx.oidcPayload.deleteMany({ where: { contactId: options.contactId } })).count;
  await recordAuditEvent(core, tx, {
    accountId: options.accountId,
    actor: options.actor,
    action: 'app_sessions.ended',
    subject: contactRef(options.contactId),
    metadata: { apps: [...new Set(notices.map((n) => n.clientId))] },
  });
  return { ended: byGrant + own, notices };
}

/** Back-channel logout to the apps; without a registered sender (the CLI) nothing is sent. */
export async function sendBackchannelLogout(core: Core, notices: LogoutNotice[]): Promise<{ failed: number }> {
  const sender = senders.get(core);
  return sender && notices.length ? sender(notices) : { failed: 0 };
}

/**
 * For `core.hooks.contactAccessEnded` (deactivation, erasure): ends the
 * contact's app sign-ins in the change's own transaction, and sends the
 * back-channel logout tokens just after (the hook cannot see the commit; if
 * the change rolls back, apps were told of a logout that did not happen,
 * which costs the person one more sign-in and nothing else).
 */
export async function endProviderSessionsOnAccessEnded(
  core: Core,
  tx: Tx,
  event: { accountId: string; contactId: string; actor: Actor },
): Promise<void> {
  const { notices } = await endProviderSessionsInTx(core, tx, event);
  if (notices.length === 0) return;
  setImmediate(() => {
    sendBackchannelLogout(core, notices).catch(() => undefined);
  });
}

/** Registers the hook above where the core is built (src/open-core.ts, and the test core). */
export function registerProviderSessionEnding(core: Core): void {
  core.hooks.contactAccessEnded.push(endProviderSessionsOnAccessEnded);
}
