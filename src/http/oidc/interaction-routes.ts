import type { Request, Response, Router } from 'express';
import type { AppContext } from '../../app-context.ts';
import type { PortalDeps } from '../portal/portal-deps.ts';
import { securityHeaders } from '../portal/security-headers.ts';
import { messagePage, turnedOffBody } from '../portal/pages/simple-pages.ts';
import { findApp } from '../../core/oidc/find-app.ts';
import { readContactClaims } from '../../core/oidc/contact-claims.ts';
import { meetsRequirement } from '../../core/oidc/app-access.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { handOffPage, noAccessBody } from './pages.ts';

/** Remembers, across the portal's sign-in pages, which app sign-in to resume. */
const resumeCookie = 'pd_oidc_resume';
const uidPattern = /^[A-Za-z0-9_-]{10,64}$/;

/**
 * GET /oidc/interaction/:uid: where the provider sends a browser that must
 * sign in. Signed in to the portal already: straight back to the app (consent
 * is implicit, the app is the account's own). Not signed in: to the portal's
 * own sign-in pages (link, code, password, Google, with their CSRF checks and
 * rate limits); the first portal page after signing in resumes here.
 * Mounted in the portal's router: the account, its session and its provider
 * are those of the portal the request is on (by Host or `/a/<slug>`).
 */
export function registerInteractions(
  app: Router,
  context: AppContext,
  deps: PortalDeps,
  provider: (req: Request) => Promise<any>,
): void {
  const { core } = context;
  // The one page every sign-in path shows a contact whose access is turned off (issue 12).
  const turnedOff = (req: Request, res: Response) =>
    deps.page(req, res, 403, 'Access turned off', turnedOffBody(deps.accountOf(req).name));

  app.get('/oidc/interaction/:uid', securityHeaders, async (req, res, next) => {
    try {
      if (await deps.limited(req, res, 'linkPerIp', req.ip ?? '')) return;
      const oidc = await provider(req);
      let details: { uid: string; params: Record<string, unknown>; prompt: { name: string } };
      try {
        details = await oidc.interactionDetails(req, res);
      } catch {
        return deps.page(req, res, 400, 'Sign-in expired', expiredBody());
      }
      // A session of a contact whose access was turned off answers contact_deactivated (findSession):
      // this path is not under the portal's error pages, so it shows the same turned-off page itself.
      const session = await deps.sessions.current(req).catch((error: unknown) => {
        if (isAppError(error, 'contact_deactivated')) return 'turned_off' as const;
        throw error;
      });
      if (session === 'turned_off') {
        deps.sessions.forget(res);
        return turnedOff(req, res);
      }
      if (!session) {
        deps.cookies.set(res, resumeCookie, details.uid, { maxAgeSeconds: 600 });
        return res.redirect(303, '/login');
      }
      deps.cookies.clear(res, resumeCookie);
      const name = session.contact.firstName ?? session.contact.email ?? session.contact.phone ?? '';
      res.locals.signedInName = name;
      const found = await findApp(core, { accountId: session.accountId, app: String(details.params.client_id) }).catch(
        (error) => {
          if (isAppError(error, 'not_found')) return null;
          throw error;
        },
      );
      const claims = await readContactClaims(core, { contactId: session.contact.id });
      // Turned off between the session check and here.
      if (!claims) return turnedOff(req, res);
      if (!found)
        return deps.page(
          req,
          res,
          404,
          'App not found',
          messagePage({
            heading: 'This app is not available',
            text: 'It may have been removed. Go back to the app and try again.',
          }),
        );
      if (!meetsRequirement(found.requires, claims.portalAccess)) {
        return deps.page(req, res, 403, `No access to ${found.name} yet`, noAccessBody(found.name, name));
      }
      const result: Record<string, unknown> = { login: { accountId: session.contact.id } };
      if (details.prompt.name === 'consent') {
        // loadExistingGrant gives first-party apps their grant up front; should the
        // provider still ask (a grant that expired mid-flow), answer rather than loop.
        const grant = new oidc.Grant({ accountId: session.contact.id, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope ?? 'openid'));
        result.consent = { grantId: await grant.save() };
      }
      await oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  // After the portal's sign-in pages, the browser lands on /portal…: send it back to the app sign-in it came from.
  app.get(['/portal', '/portal/*rest'], async (req: Request, res: Response, next) => {
    const uid = deps.cookies.read(req, resumeCookie);
    if (!uid) return next();
    if (!uidPattern.test(uid) || !(await deps.sessions.current(req))) return next();
    deps.cookies.clear(res, resumeCookie);
    const { name, base } = deps.accountOf(req);
    // A page, not a 303: this is often the end of a sign-in form's redirect chain,
    // and the app's callback is on another origin (see handOffPage).
    securityHeaders(req, res, () => undefined);
    res
      .status(200)
      .type('html')
      .send(handOffPage(name, `${base}/oidc/interaction/${uid}`, 'Continue', base));
  });
}

const expiredBody = () =>
  messagePage({
    heading: 'This sign-in has expired',
    text: 'Too much time passed, or it was already completed. Go back to the app and sign in again.',
    next: { href: '/portal', label: 'Go to your portal' },
  });
