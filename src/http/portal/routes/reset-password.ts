import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { inspectLink } from '../../../core/links/inspect-link.ts';
import { recordLinkVisit } from '../../../core/links/record-link-visit.ts';
import { resetPassword } from '../../../core/credentials/reset-password.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { maskAddress } from '../../../core/contacts/mask-address.ts';
import { linkProblemPage } from '../link-problem-page.ts';
import { scannerSigns } from '../scanner-signs.ts';
import { formPassword, formText } from '../form-fields.ts';
import { resetFormBody } from '../pages/password-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * GET /reset-password?token=… shows the form (the emailed reset link), POST
 * sets the password, spends the link, signs the contact out everywhere and
 * sends them to sign in with it.
 */
export function registerResetPassword(router: Router, deps: PortalDeps): void {
  router.get('/reset-password', async (req, res) => {
    if (await deps.limited(req, res, 'linkPerIp', clientKey(req))) return;
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token) return res.redirect(303, '/forgot-password');
    const csrfToken = deps.csrf.token(req, res);
    try {
      const link = await inspectLink(deps.core, { token, accountId: deps.accountOf(req).id, purposes: ['reset'] });
      await recordLinkVisit(deps.core, { link, signs: scannerSigns(req), userAgent: req.get('user-agent') });
      if (link.state !== 'live') throw link.error;
      deps.page(
        req,
        res,
        200,
        'Choose a new password',
        resetFormBody({ token, csrfToken, masked: maskAddress(link.contact) }),
      );
    } catch (error) {
      const page = linkProblemPage(error, { token, reset: true, csrfToken: () => csrfToken });
      if (!page) throw error;
      deps.page(req, res, page.status, page.title, page.body);
    }
  });

  router.post('/reset-password', async (req, res) => {
    if (await deps.limited(req, res, 'passwordPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const token = formText(req, 'token', 256);
    const password = formPassword(req, 'password');
    try {
      await resetPassword(deps.core, { token, password, accountId: deps.accountOf(req).id });
      await deps.sessions.signOut(req, res);
      res.redirect(303, '/login?password-changed');
    } catch (error) {
      if (isAppError(error, 'invalid_input')) {
        // The password was refused before the link was spent: the same form again, for a second try.
        const link = await inspectLink(deps.core, { token, accountId: deps.accountOf(req).id, purposes: ['reset'] });
        const csrfToken = deps.csrf.token(req, res);
        return deps.page(
          req,
          res,
          400,
          'Choose a new password',
          resetFormBody({ token, csrfToken, masked: maskAddress(link.contact), error: error.message }),
        );
      }
      const page = linkProblemPage(error, { token, reset: true, csrfToken: () => deps.csrf.token(req, res) });
      if (!page) throw error;
      deps.page(req, res, page.status, page.title, page.body);
    }
  });
}
