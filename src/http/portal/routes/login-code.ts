import type { Router } from 'express';
import { redeemCode } from '../../../core/links/redeem-code.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formText } from '../form-fields.ts';
import { codeBody } from '../pages/login-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/** GET and POST /login/code: the 6-digit code from an email or text, on any device. */
export function registerLoginCode(router: Router, deps: PortalDeps): void {
  router.get('/login/code', (req, res) => {
    deps.page(req, res, 200, 'Sign in with a code', codeBody({ csrfToken: deps.csrf.token(req, res) }));
  });

  router.post('/login/code', async (req, res) => {
    if (await deps.limited(req, res, 'codePerIp', req.ip ?? '')) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const address = formText(req, 'address');
    const code = formText(req, 'code', 32);
    const again = (status: number, errors: { address?: string; code?: string }) =>
      deps.page(req, res, status, 'Sign in with a code', codeBody({ csrfToken: deps.csrf.token(req, res), address, errors }));
    if (!address) return again(400, { address: 'Enter the email address or mobile number the code was sent to.' });
    try {
      const signedIn = await redeemCode(deps.core, {
        accountId: deps.accountId,
        address,
        code,
        maxFailedSignIns: deps.maxFailedSignIns,
      });
      await deps.sessions.signIn(req, res, { accountId: signedIn.contact.accountId, contactId: signedIn.contact.id });
      res.redirect(303, signedIn.path);
    } catch (error) {
      if (isAppError(error, 'invalid_input')) return again(400, { code: 'Enter the 6 digits from your message.' });
      if (isAppError(error, 'code_invalid')) {
        const left = (error.details as { attemptsLeft?: number } | undefined)?.attemptsLeft;
        return again(401, { code: `That code is not right${left ? `: ${left} ${left === 1 ? 'try' : 'tries'} left` : ''}. Check the address and the newest message.` });
      }
      if (isAppError(error, 'code_spent')) return again(401, { code: 'That code had too many wrong tries and no longer works. Press “Send me a new code”.' });
      if (isAppError(error, 'rate_limited')) return again(429, { code: 'Too many failed sign-ins in a row. For your safety, sign in with a link we email you.' });
      throw error;
    }
  });
}
