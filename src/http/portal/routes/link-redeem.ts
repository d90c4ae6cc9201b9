import type { Router } from 'express';
import type { PortalDeps } from '../portal-deps.ts';
import { linkProblemPage } from '../link-problem-page.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * POST /l/:token: the person pressed Continue. One conditional update spends
 * the link, a new session starts in the same transaction, and 303 goes to
 * the link's fixed section path.
 */
export function registerLinkRedeem(router: Router, deps: PortalDeps): void {
  router.post('/l/:token', async (req, res) => {
    if (await deps.limited(req, res, 'linkPerIp', req.ip ?? '')) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const token = String(req.params.token);
    try {
      const redeemed = await deps.sessions.redeemAndSignIn(req, res, token);
      res.redirect(303, redeemed.path);
    } catch (error) {
      const page = linkProblemPage(error, { token, reset: false, csrfToken: () => deps.csrf.token(req, res) });
      if (!page) throw error;
      deps.page(req, res, page.status, page.title, page.body);
    }
  });
}
