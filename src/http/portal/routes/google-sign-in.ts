import { clientKey } from '../../client-address.ts';
import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { signInWithGoogle } from '../../../core/credentials/sign-in-with-google.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import { secretsEqual } from '../../../core/shared/secret-hash.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formText } from '../form-fields.ts';
import { loginBody } from '../pages/login-pages.ts';
import { notFoundBody } from '../pages/simple-pages.ts';

const stateCookie = 'pd_google';

/**
 * "Sign in with Google" with only a client id: OpenID Connect with
 * response_type=id_token and response_mode=form_post. Google posts the ID
 * token back; we check the state against a short-lived cookie (login CSRF)
 * and the token's signature, audience, issuer, expiry and nonce (jose).
 */
export function registerGoogleSignIn(router: Router, deps: PortalDeps): void {
  router.get('/auth/google', async (req, res) => {
    const google = deps.google;
    if (!google) return deps.page(req, res, 404, 'Not found', notFoundBody());
    if (await deps.limited(req, res, 'googlePerIp', clientKey(req))) return;
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    // Google's reply is a cross-site POST: on https the cookie must be SameSite=None to come along.
    deps.cookies.set(res, stateCookie, `${state}.${nonce}`, { maxAgeSeconds: 600, sameSite: 'None' });
    const url = new URL(google.authUrl);
    url.search = new URLSearchParams({
      client_id: google.clientId,
      redirect_uri: `${deps.accountOf(req).siteUrl}/auth/google/callback`,
      response_type: 'id_token',
      response_mode: 'form_post',
      scope: 'openid email profile',
      state,
      nonce,
      prompt: 'select_account',
    }).toString();
    res.redirect(303, url.toString());
  });

  router.post('/auth/google/callback', async (req, res) => {
    const google = deps.google;
    if (!google) return deps.page(req, res, 404, 'Not found', notFoundBody());
    if (await deps.limited(req, res, 'googlePerIp', clientKey(req))) return;
    const [state, nonce] = (deps.cookies.read(req, stateCookie) ?? '').split('.');
    deps.cookies.clear(res, stateCookie);
    const refuse = (status: number, message: string) =>
      deps.page(
        req,
        res,
        status,
        'Sign in',
        loginBody({ csrfToken: deps.csrf.token(req, res), google: true, errors: { email: message } }),
      );
    const sentState = formText(req, 'state', 128);
    if (!state || !nonce || !sentState || !secretsEqual(state, sentState))
      return refuse(400, 'Google sign-in did not complete. Please try again.');
    if (formText(req, 'error')) return refuse(401, 'Google sign-in was cancelled.');
    try {
      const identity = await google.verifier.verify(formText(req, 'id_token', 8192), nonce);
      const { contact } = await signInWithGoogle(deps.core, { accountId: deps.accountOf(req).id, identity });
      await deps.sessions.signIn(req, res, { accountId: contact.accountId, contactId: contact.id });
      res.redirect(303, '/portal');
    } catch (error) {
      if (isAppError(error, 'unauthorized'))
        return refuse(
          401,
          `${error.message[0]!.toUpperCase()}${error.message.slice(1)}. Sign in with your email instead, or ask for an invitation.`,
        );
      throw error;
    }
  });
}
