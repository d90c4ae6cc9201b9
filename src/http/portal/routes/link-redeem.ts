import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { inspectLink } from '../../../core/links/inspect-link.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { maskAddress } from '../mask-address.ts';
import { goneBody } from '../pages/link-pages.ts';
import { csrfFailedBody, notFoundBody } from '../pages/simple-pages.ts';

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
      const redeemed = await deps.redeemAndSignIn(req, res, token);
      // This browser has now signed in as this address: password throttling spares it (one HMAC, no database work).
      if (redeemed.contact.email) deps.devices.remember(res, redeemed.contact.email);
      res.redirect(303, redeemed.path);
    } catch (error) {
      if (isAppError(error, 'link_unknown')) return deps.page(req, res, 404, 'Link not found', notFoundBody());
      if (isAppError(error, 'link_used') || isAppError(error, 'link_expired') || isAppError(error, 'link_revoked')) {
        const link = await inspectLink(deps.core, { token });
        if (link.state === 'live') throw error; // cannot happen: a live link redeems
        const body = goneBody({ state: link.state, reset: false, masked: maskAddress(link.contact), token, csrfToken: deps.csrf.token(req, res) });
        return deps.page(req, res, 410, 'Link no longer works', body);
      }
      throw error;
    }
  });
}
