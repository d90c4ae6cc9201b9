import type { Router } from 'express';
import { signInWithPassword } from '../../../core/credentials/sign-in-with-password.ts';
import { parseAddress } from '../../../core/contacts/parse-address.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import { clientKey } from '../../client-address.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formPassword, formText } from '../form-fields.ts';
import { loginBody } from '../pages/login-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

// Fixed notices chosen by a query flag; the text never comes from the request.
const notices: Record<string, string> = {
  'signed-out': 'You are signed out.',
  'password-changed':
    'Your password has been changed and you were signed out everywhere. Sign in with your new password.',
  'session-ended': 'Please sign in to continue.',
};

/** Wrong passwords a client may make for an address before it has to wait. */
const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 900;

/**
 * GET /login and POST /login (email and password). Throttling protects the
 * account without handing out a lock-out button (issue #11, finding 3): wrong
 * passwords are counted per (address, client), which then waits 2, 4, 8…
 * seconds (at most 15 minutes) between tries, and per address only for
 * clients without the address's device cookie. A throttled try gets exactly
 * the answer of a wrong password; codes and links are never throttled here.
 */
export function registerLoginPassword(router: Router, deps: PortalDeps): void {
  const google = deps.google !== undefined;
  router.get('/login', async (req, res) => {
    if (await deps.sessions.current(req)) return res.redirect(303, '/portal');
    const flag = Object.keys(notices).find((key) => key in req.query);
    deps.page(
      req,
      res,
      200,
      'Sign in',
      loginBody({ csrfToken: deps.csrf.token(req, res), google, info: flag ? notices[flag] : undefined }),
    );
  });

  router.post('/login', async (req, res) => {
    if (await deps.limited(req, res, 'passwordPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const email = formText(req, 'email');
    const password = formPassword(req, 'password');
    const again = (status: number, errors: { email?: string; password?: string }) =>
      deps.page(
        req,
        res,
        status,
        'Sign in',
        loginBody({ csrfToken: deps.csrf.token(req, res), google, email, errors }),
      );
    if (!email) return again(400, { email: 'Enter your email address.' });
    if (!password)
      return again(400, { password: 'Enter your password, or use a button below to get a code or a link by email.' });
    const parsed = parseAddress(email);
    const address = parsed.ok && parsed.address.kind === 'email' ? parsed.address.email : email.trim().toLowerCase();
    const { id: accountId } = deps.accountOf(req);
    const device = deps.devices.trustedKey(req, address);
    // Per account: wrong passwords on one portal never throttle the same address on another.
    const perAddress = `${accountId}|${address}`;
    const perClient = `${perAddress}|${device ?? clientKey(req)}`;
    const refuse =
      (await deps.limits.exhausted('passwordDelayPerClient', perClient)) ||
      (await deps.limits.exhausted('passwordFailuresPerClient', perClient)) ||
      (!device && (await deps.limits.exhausted('passwordFailuresPerAddress', perAddress)));
    try {
      const { contact } = await signInWithPassword(deps.core, { accountId, email, password, refuse });
      await deps.sessions.signIn(req, res, { accountId: contact.accountId, contactId: contact.id });
      deps.devices.remember(res, address);
      res.redirect(303, '/portal');
    } catch (error) {
      if (!isAppError(error, 'unauthorized')) throw error;
      if (!refuse) {
        const failures = await deps.limits.count('passwordFailuresPerClient', perClient);
        // Exponential: 2 s after the 5th wrong password, 4 s after the 6th… at most 15 minutes (OWASP: delays, not locks).
        if (failures >= FREE_FAILURES)
          await deps.limits.block(
            'passwordDelayPerClient',
            perClient,
            Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1)),
          );
        if (!device) await deps.limits.consume('passwordFailuresPerAddress', perAddress);
      }
      return again(401, {
        password: 'That email and password do not match. Check them, or get a code or a link by email below.',
      });
    }
  });
}
