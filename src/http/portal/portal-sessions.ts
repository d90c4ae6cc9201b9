/**
 * The portal's sessions: the cookie and the core's session rows, in one small
 * object, so routes ask "who is signed in" and "sign this person in" without
 * knowing about cookies.
 */
import type { Request, Response } from 'express';
import type { Core } from '../../core/core.ts';
import { findSession, type SignedInSession } from '../../core/sessions/find-session.ts';
import { startSession, type StartedSession } from '../../core/sessions/start-session.ts';
import { endSession } from '../../core/sessions/end-session.ts';
import { defaultSessionPolicy } from '../../core/sessions/session-policy.ts';
import type { Batcher } from '../../core/shared/batcher.ts';
import type { RedeemedLink, RedeemRequest } from '../../core/links/redeem-links.ts';
import type { CookieJar } from './cookies.ts';
import { countRedemption } from '../../metrics/metrics.ts';

const sessionCookie = 'pd_session';

export interface PortalSessions {
  /** The signed-in session behind this request's cookie (read once per request), or null. */
  current(req: Request): Promise<SignedInSession | null>;
  signIn(req: Request, res: Response, who: { accountId: string; contactId: string }): Promise<void>;
  /**
   * Spends a sign-in link and starts its session in one transaction, batched
   * with concurrent redemptions; sets the session cookie.
   * @throws AppError link_unknown | link_expired | link_used | link_revoked
   */
  redeemAndSignIn(req: Request, res: Response, link: { token: string; accountId: string }): Promise<RedeemedLink>;
  signOut(req: Request, res: Response): Promise<void>;
  /** Forgets the session cookie (the session itself is already ended). */
  forget(res: Response): void;
}

export function createPortalSessions(options: {
  core: Core;
  cookies: CookieJar;
  /** The account whose portal the request is on: another account's session is no session here. */
  accountIdOf(req: Request): string;
  redeemer: Batcher<RedeemRequest, RedeemedLink>;
}): PortalSessions {
  const { core, cookies, redeemer } = options;
  const setSessionCookie = (res: Response, started: StartedSession) =>
    cookies.set(res, sessionCookie, started.sessionId, { maxAgeSeconds: defaultSessionPolicy.absoluteMinutes * 60 });
  const perRequest = new WeakMap<Request, Promise<SignedInSession | null>>();
  return {
    current(req) {
      let found = perRequest.get(req);
      if (!found) {
        const id = cookies.read(req, sessionCookie);
        found = id ? findSession(core, { sessionId: id, accountId: options.accountIdOf(req) }) : Promise.resolve(null);
        perRequest.set(req, found);
      }
      return found;
    },
    async signIn(req, res, who) {
      const previousSessionId = cookies.read(req, sessionCookie);
      setSessionCookie(res, await startSession(core, { ...who, previousSessionId }));
    },
    async redeemAndSignIn(req, res, { token, accountId }) {
      const redeemed = await countRedemption(
        'link',
        redeemer.submit({ token, accountId, session: { previousSessionId: cookies.read(req, sessionCookie) } }),
      );
      setSessionCookie(res, redeemed.session!);
      return redeemed;
    },
    async signOut(req, res) {
      const id = cookies.read(req, sessionCookie);
      if (id) await endSession(core, { sessionId: id });
      cookies.clear(res, sessionCookie);
    },
    forget(res) {
      cookies.clear(res, sessionCookie);
    },
  };
}
