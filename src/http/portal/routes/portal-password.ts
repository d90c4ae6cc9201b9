import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { setPassword } from '../../../core/credentials/set-password.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formPassword } from '../form-fields.ts';
import { setPasswordBody } from '../pages/password-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * /portal/password: a contact who came in by link or code sets a first
 * password; one who has a password changes it (current one required), which
 * signs out every other session.
 */
export function registerPortalPassword(router: Router, deps: PortalDeps): void {
  router.get('/portal/password', async (req, res) => {
    const session = await deps.sessions.current(req);
    if (!session) return res.redirect(303, '/login?session-ended');
    res.locals.signedInName = session.contact.firstName ?? session.contact.email ?? '';
    const title = session.contact.hasPassword ? 'Change your password' : 'Set a password';
    deps.page(
      req,
      res,
      200,
      title,
      setPasswordBody({
        csrfToken: deps.csrf.token(req, res),
        hasPassword: session.contact.hasPassword,
        saved: 'saved' in req.query,
      }),
    );
  });

  router.post('/portal/password', async (req, res) => {
    const session = await deps.sessions.current(req);
    if (!session) return res.redirect(303, '/login?session-ended');
    res.locals.signedInName = session.contact.firstName ?? session.contact.email ?? '';
    if (await deps.limited(req, res, 'passwordPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const hasPassword = session.contact.hasPassword;
    try {
      await setPassword(deps.core, {
        accountId: session.accountId,
        contactId: session.contact.id,
        password: formPassword(req, 'password'),
        currentPassword: hasPassword ? formPassword(req, 'currentPassword') : undefined,
        keepSessionId: session.id,
      });
      res.redirect(303, '/portal/password?saved');
    } catch (error) {
      const csrfToken = deps.csrf.token(req, res);
      const title = hasPassword ? 'Change your password' : 'Set a password';
      if (isAppError(error, 'unauthorized'))
        return deps.page(
          req,
          res,
          401,
          title,
          setPasswordBody({
            csrfToken,
            hasPassword,
            errors: { currentPassword: 'That is not your current password.' },
          }),
        );
      if (isAppError(error, 'invalid_input'))
        return deps.page(
          req,
          res,
          400,
          title,
          setPasswordBody({ csrfToken, hasPassword, errors: { password: error.message } }),
        );
      throw error;
    }
  });
}
