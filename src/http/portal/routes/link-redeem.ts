import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import type { PortalDeps } from '../portal-deps.ts';
import { linkProblemPage } from '../link-problem-page.ts';
import { linkErrorDetails } from '../../../core/links/link-error.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * POST /l/:token: the person pressed Continue. One conditional update spends
 * the link, a new session starts in the same transaction, and 303 goes to
 * the link's fixed section path.
 */
export function registerLinkRedeem(router: Router, deps: PortalDeps): void {
  router.post('/l/:token', async (req, res) => {
    if (await deps.limited(req, res, 'linkPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const token = String(req.params.token);
    try {
      const redeemed = await deps.sessions.redeemAndSignIn(req, res, { token, accountId: deps.accountOf(req).id });
      // This browser has now signed in as this address: password throttling spares it (one HMAC, no database work).
      if (redeemed.contact.email) deps.devices.remember(res, redeemed.contact.email);
      // Not res.redirect: its content negotiation and HTML body were 9 % of this path's CPU (bench/redeem profile).
      res.status(303).location(redeemed.path).end();
    } catch (error) {
      const details = linkErrorDetails(error);
      // Someone already signed in as this contact is better served by "Go to your portal" than a new link.
      const signedInAsContact =
        details !== undefined && (await deps.sessions.current(req))?.contact.id === details.contactId;
      const page = linkProblemPage(error, {
        token,
        reset: false,
        signedInAsContact,
        csrfToken: () => deps.csrf.token(req, res),
      });
      if (!page) throw error;
      deps.page(req, res, page.status, page.title, page.body);
    }
  });
}
