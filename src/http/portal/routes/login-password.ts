import type { Router } from 'express';
import { signInWithPassword } from '../../../core/credentials/sign-in-with-password.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formPassword, formText } from '../form-fields.ts';
import { loginBody } from '../pages/login-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

// Fixed notices chosen by a query flag; the text never comes from the request.
const notices: Record<string, string> = {
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password has been changed and you were signed out everywhere. Sign in with your new password.',
  'session-ended': 'Please sign in to continue.',
};

/** GET /login and POST /login (email and password). */
export function registerLoginPassword(router: Router, deps: PortalDeps): void {
  const google = deps.google !== undefined;
  router.get('/login', async (req, res) => {
    if (await deps.sessions.current(req)) return res.redirect(303, '/portal');
    const flag = Object.keys(notices).find((key) => key in req.query);
    deps.page(req, res, 200, 'Sign in', loginBody({ csrfToken: deps.csrf.token(req, res), google, info: flag ? notices[flag] : undefined }));
  });

  router.post('/login', async (req, res) => {
    if (await deps.limited(req, res, 'passwordPerIp', req.ip ?? '')) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const email = formText(req, 'email');
    const password = formPassword(req, 'password');
    const again = (status: number, errors: { email?: string; password?: string }) =>
      deps.page(req, res, status, 'Sign in', loginBody({ csrfToken: deps.csrf.token(req, res), google, email, errors }));
    if (!email) return again(400, { email: 'Enter your email address.' });
    if (!password) return again(400, { password: 'Enter your password, or use a button below to get a code or a link by email.' });
    try {
      const { contact } = await signInWithPassword(deps.core, {
        accountId: deps.accountId,
        email,
        password,
        maxFailedSignIns: deps.maxFailedSignIns,
      });
      await deps.sessions.signIn(req, res, { accountId: contact.accountId, contactId: contact.id });
      res.redirect(303, '/portal');
    } catch (error) {
      if (isAppError(error, 'unauthorized')) return again(401, { password: 'That email and password do not match. Check them, or get a code or a link by email below.' });
      if (isAppError(error, 'rate_limited')) return again(429, { password: 'Too many failed sign-ins in a row. For your safety, sign in with a link: press “Email me a link”.' });
      throw error;
    }
  });
}
