import type { Router } from 'express';
import type { AppContext } from '../../app-context.ts';
import type { PortalDeps } from '../portal/portal-deps.ts';
import { securityHeaders } from '../portal/security-headers.ts';
import { findApp } from '../../core/oidc/find-app.ts';
import { checkAppPath } from '../../core/oidc/app-link-target.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { notFoundBody } from '../portal/pages/simple-pages.ts';
import { handOffPage } from './pages.ts';

/**
 * GET /oidc/launch/:appId?path=/intro-to-seo: where a redeemed app link lands.
 * Sends the browser to the app's registered login URL with the path as its
 * return target; the app then signs the person in through the provider,
 * which finds the portal session just started and goes straight through.
 * Only registered login URLs are ever used; the path can only be a path.
 * On the portal the link was redeemed on: only that account's apps are found.
 */
export function registerLaunchRoute(app: Router, context: AppContext, deps: PortalDeps): void {
  app.get('/oidc/launch/:appId', securityHeaders, async (req, res, next) => {
    try {
      const account = deps.accountOf(req);
      const found = await findApp(context.core, {
        accountId: account.id,
        app: String(req.params.appId),
      }).catch((error) => {
        if (isAppError(error, 'not_found')) return null;
        throw error;
      });
      let path: string;
      try {
        path = checkAppPath(typeof req.query.path === 'string' ? req.query.path : '/');
      } catch {
        path = '/';
      }
      if (!found || !found.loginUrl || found.id !== String(req.params.appId))
        return deps.page(req, res, 404, 'Not found', notFoundBody());
      const target = new URL(found.loginUrl);
      target.searchParams.set(found.returnParam, path);
      res
        .status(200)
        .type('html')
        .send(handOffPage(account.name, target.toString(), `Continue to ${found.name}`, account.base));
    } catch (error) {
      next(error);
    }
  });
}
