import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { parseAddress } from '../../../core/contacts/parse-address.ts';
import { requestPasswordReset } from '../../../core/credentials/request-password-reset.ts';
import { findAccount } from '../../../core/accounts/find-account.ts';
import { withinBudget } from './login-send.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formText } from '../form-fields.ts';
import { forgotFormBody } from '../pages/password-pages.ts';
import { lifetimeText } from '../pages/link-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * GET and POST /forgot-password. Known and unknown addresses get the same
 * page, status and timing: the reset link is minted and queued after the
 * answer has gone out.
 */
export function registerForgotPassword(router: Router, deps: PortalDeps): void {
  router.get('/forgot-password', (req, res) => {
    deps.page(req, res, 200, 'Reset your password', forgotFormBody({ csrfToken: deps.csrf.token(req, res) }));
  });

  router.post('/forgot-password', async (req, res) => {
    if (await deps.limited(req, res, 'sendPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const typed = formText(req, 'email');
    const parsed = parseAddress(typed);
    const csrfToken = deps.csrf.token(req, res);
    if (!parsed.ok || parsed.address.kind !== 'email') {
      return deps.page(
        req,
        res,
        400,
        'Reset your password',
        forgotFormBody({
          csrfToken,
          email: typed,
          error: 'Enter the email address you use here, like name@example.com.',
        }),
      );
    }
    const email = parsed.address.email;
    const { id: accountId } = deps.accountOf(req);
    if (await deps.limited(req, res, 'sendPerAddress', `${accountId}|address:${email}`)) return;
    deps.background('password reset', async () => {
      if (await withinBudget(deps, accountId, email))
        await requestPasswordReset(deps.core, { accountId, lookup: { email } });
    });
    const account = await findAccount(deps.core, { id: accountId });
    deps.page(
      req,
      res,
      200,
      'Reset your password',
      forgotFormBody({ csrfToken, email, sentTo: email, lifetime: lifetimeText(account.resetTtlMinutes) }),
    );
  });
}
