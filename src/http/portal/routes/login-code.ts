import { clientKey } from '../../client-address.ts';
import { countRedemption } from '../../../metrics/metrics.ts';
import type { Router } from 'express';
import { redeemCode } from '../../../core/links/redeem-code.ts';
import { parseAddress } from '../../../core/contacts/parse-address.ts';
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
    if (await deps.limited(req, res, 'codePerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const address = formText(req, 'address');
    const code = formText(req, 'code', 32);
    const again = (status: number, errors: { address?: string; code?: string }) =>
      deps.page(
        req,
        res,
        status,
        'Sign in with a code',
        codeBody({ csrfToken: deps.csrf.token(req, res), address, errors }),
      );
    if (!address) return again(400, { address: 'Enter the email address or mobile number the code was sent to.' });
    try {
      const signedIn = await countRedemption(
        'code',
        redeemCode(deps.core, { accountId: deps.accountOf(req).id, address, code }),
      );
      await deps.sessions.signIn(req, res, { accountId: signedIn.contact.accountId, contactId: signedIn.contact.id });
      const parsed = parseAddress(address);
      if (parsed.ok && parsed.address.kind === 'email') deps.devices.remember(res, parsed.address.email);
      res.redirect(303, signedIn.path);
    } catch (error) {
      if (isAppError(error, 'invalid_input')) return again(400, { code: 'Enter the 6 digits from your message.' });
      // One answer for every failure (wrong, spent, expired, unknown address): it must not tell an address apart.
      if (isAppError(error, 'code_invalid'))
        return again(401, {
          code: 'That code did not work. Check the address, use the code from the newest message, or press “Send me a new code”.',
        });
      throw error;
    }
  });
}
