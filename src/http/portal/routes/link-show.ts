import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { findLinkOr404 } from './find-link-or-404.ts';
import { recordLinkVisit } from '../../../core/links/record-link-visit.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { maskAddress } from '../../../core/contacts/mask-address.ts';
import { linkProblemPage } from '../link-problem-page.ts';
import { scannerSigns } from '../scanner-signs.ts';
import { continueBody } from '../pages/link-pages.ts';
import { turnedOffBody } from '../pages/simple-pages.ts';
import { resetFormBody } from '../pages/password-pages.ts';

/**
 * GET (and HEAD) /l/:token: shows where the link leads and one button.
 * Nothing here spends the link; visits that look like a mail scanner are
 * noted on the contact's audit trail.
 */
export function registerLinkShow(router: Router, deps: PortalDeps): void {
  router.get('/l/:token', async (req, res) => {
    if (await deps.limited(req, res, 'linkPerIp', clientKey(req))) return;
    const token = String(req.params.token);
    const link = await findLinkOr404(deps, req, res, token, ['invite', 'login', 'reset']);
    if (!link) return;
    await recordLinkVisit(deps.core, { link, signs: scannerSigns(req), userAgent: req.get('user-agent') });
    if (link.contact.status === 'deactivated')
      return deps.page(req, res, 403, 'Access turned off', turnedOffBody(deps.accountOf(req).name));
    const masked = maskAddress(link.contact);
    const csrfToken = deps.csrf.token(req, res);
    if (link.state !== 'live') {
      const signedInAsContact = (await deps.sessions.current(req))?.contact.id === link.contact.id;
      const page = linkProblemPage(link.error, {
        token,
        reset: link.purpose === 'reset',
        signedInAsContact,
        csrfToken: () => csrfToken,
      })!;
      return deps.page(req, res, page.status, page.title, page.body);
    }
    if (link.purpose === 'reset') {
      return deps.page(req, res, 200, 'Choose a new password', resetFormBody({ token, csrfToken, masked }));
    }
    const { name: portalName } = deps.accountOf(req);
    deps.page(req, res, 200, `Continue to ${portalName}`, continueBody({ portalName, masked, link, token, csrfToken }));
  });
}
