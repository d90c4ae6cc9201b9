/**
 * Shared set-up for the lifecycle tests: a contact who was invited (message
 * queued, link out) and one who signed in (session), through the real core
 * of a running app (the events subscriber is test/support/webhook-subscriber.ts).
 */
import type { Core } from '../../src/core/core.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { findSession } from '../../src/core/sessions/find-session.ts';

/** Invites one address and returns the contact id and the token of its invite link. */
export async function invited(
  core: Core,
  accountId: string,
  address: string,
  names: { firstName?: string; lastName?: string } = {},
): Promise<{ contactId: string; token: string }> {
  const {
    invited: [entry],
  } = await inviteContacts(core, { accountId, invitees: [{ address, ...names }], actor: 'system' });
  const link = await core.db.loginToken.findFirstOrThrow({
    where: { contactId: entry!.contact.id, purpose: 'invite' },
    orderBy: { createdAt: 'desc' },
  });
  return { contactId: entry!.contact.id, token: linkToken(core.linkKey, link.id) };
}

/** Invites, then clicks the invite link in a browser: the contact is active with one session. */
export async function signedIn(
  core: Core,
  accountId: string,
  address: string,
): Promise<{ contactId: string; sessionId: string }> {
  const { contactId, token } = await invited(core, accountId, address);
  const redeemed = await redeemLink(core, { accountId: accountId, token, session: {} });
  return { contactId, sessionId: redeemed.session!.sessionId };
}

/** What findSession says about a cookie: a contact id, null (signed out), or the error code. */
export async function sessionState(core: Core, sessionId: string): Promise<string | null> {
  try {
    return (await findSession(core, { sessionId }))?.contact.id ?? null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

export async function eventually<T>(what: () => Promise<T> | T, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition never became true; last value ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
