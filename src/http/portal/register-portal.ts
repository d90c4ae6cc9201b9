/**
 * Link redemption and the portal's sign-in pages: /l/:token, /login…,
 * /forgot-password, /reset-password, /auth/google, /logout and the built-in
 * portal under /portal. One route per file under routes/, pages under pages/.
 */
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { AppContext } from '../../app-context.ts';
import { isPortalPath, portalPaths, type Portal, type PortalDeps } from './portal-deps.ts';
import type { Logger } from '../../logger.ts';
import { securityHeaders } from './security-headers.ts';
import { serverErrorBody, tooLargeBody, csrfFailedBody, turnedOffBody } from './pages/simple-pages.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { registerStylesheet } from './routes/stylesheet.ts';
import { registerLinkShow } from './routes/link-show.ts';
import { registerLinkRedeem } from './routes/link-redeem.ts';
import { registerLinkRenew } from './routes/link-renew.ts';
import { registerLoginPassword } from './routes/login-password.ts';
import { registerLoginCode } from './routes/login-code.ts';
import { registerLoginSend } from './routes/login-send.ts';
import { registerForgotPassword } from './routes/forgot-password.ts';
import { registerResetPassword } from './routes/reset-password.ts';
import { registerGoogleSignIn } from './routes/google-sign-in.ts';
import { registerLogout } from './routes/logout.ts';
import { registerPortalPassword } from './routes/portal-password.ts';
import { registerPortalPages } from './routes/portal-pages.ts';
import { registerFrontDoor } from './routes/front-door.ts';
import { oidcMountOf, registerOidc } from '../oidc/register-oidc.ts';

const running = new WeakMap<AppContext, Portal>();

/** `portal`: the deps the link fast path ahead of Express shares (src/http/server.ts). */
export function registerPortal(app: Express, context: AppContext, portal: Portal): void {
  running.set(context, portal);
  const { deps } = portal;
  const router = express.Router();
  registerStylesheet(router);
  router.use(portalPaths, securityHeaders, express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }));
  // Each portal is an OpenID Connect issuer too; before the portal pages, whose /portal resumes an app sign-in.
  registerOidc(router, context, deps);
  registerLinkShow(router, deps);
  registerLinkRedeem(router, deps);
  registerLinkRenew(router, deps);
  registerLoginPassword(router, deps);
  registerLoginCode(router, deps);
  registerLoginSend(router, deps);
  registerForgotPassword(router, deps);
  registerResetPassword(router, deps);
  registerGoogleSignIn(router, deps);
  registerLogout(router, deps);
  registerPortalPassword(router, deps);
  registerPortalPages(router, deps);
  registerFrontDoor(router, deps);
  router.use(portalErrors(deps, context.logger));
  // One router, two ways in: each account's own host, and `/a/<slug>/…` on PUBLIC_URL's host as the fallback.
  app.use('/a/:slug', deps.resolveByPrefix, router);
  app.use(deps.resolveByHost, router);
}

/** Waits for queued background work and redemptions in flight. */
export async function stopPortal(context: AppContext): Promise<void> {
  oidcMountOf(context)?.stop();
  await running.get(context)?.settle();
}

/** Tests: wait until the work queued after an answer (reset links, codes) is done. */
export function settlePortal(context: AppContext): Promise<void> {
  return running.get(context)?.settle() ?? Promise.resolve();
}

/** Errors on portal paths become pages; a bug is logged once with a reference, never with the token. */
export function portalErrors(deps: PortalDeps, logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (!isPortalPath(req.path) || res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status === 413) return deps.page(req, res, 413, 'Too large', tooLargeBody());
    if (status === 400) return deps.page(req, res, 400, 'Please try again', csrfFailedBody());
    // Any sign-in path (session, link, code, password, Google) for a deactivated contact lands here.
    if (isAppError(error, 'contact_deactivated')) {
      deps.sessions.forget(res);
      return deps.page(req, res, 403, 'Access turned off', turnedOffBody(deps.accountOf(req).name));
    }
    const requestId = randomUUID();
    logger.error('portal request failed', {
      requestId,
      method: req.method,
      path: req.path.startsWith('/l/') ? '/l/[token]' : req.path,
      error,
    });
    deps.page(req, res, 500, 'Something went wrong', serverErrorBody(requestId));
  };
}
