import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { parseAddress } from '../../../core/contacts/parse-address.ts';
import { queueSignInCode } from '../../../core/links/queue-sign-in-code.ts';
import { queueLoginEmails } from '../../../core/invitations/queue-login-emails.ts';
import { findAccount } from '../../../core/accounts/find-account.ts';
import { findContact } from '../../../core/contacts/find-contact.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { formText } from '../form-fields.ts';
import { codeBody, linkSentBody, loginBody } from '../pages/login-pages.ts';
import { lifetimeText } from '../pages/link-pages.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * POST /login/email-code and /login/email-link: the same answer whether or
 * not the address is known. The per-address limit keys on what was typed, and
 * the lookup and queueing run after the answer is sent, so neither the status
 * nor the time tells an address apart.
 */
export function registerLoginSend(router: Router, deps: PortalDeps): void {
  router.post(['/login/email-code', '/login/email-link'], async (req, res) => {
    const wantsLink = req.path === '/login/email-link';
    if (await deps.limited(req, res, 'sendPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const typed = formText(req, 'address') || formText(req, 'email');
    const parsed = parseAddress(typed);
    const csrfToken = deps.csrf.token(req, res);
    if (!parsed.ok) {
      const message = typed
        ? 'Enter a valid email address or mobile number (with its country code, e.g. +1…).'
        : 'Enter your email address first.';
      return wantsLink
        ? deps.page(
            req,
            res,
            400,
            'Sign in',
            loginBody({ csrfToken, google: deps.google !== undefined, email: typed, errors: { email: message } }),
          )
        : deps.page(
            req,
            res,
            400,
            'Sign in with a code',
            codeBody({ csrfToken, address: typed, errors: { address: message } }),
          );
    }
    const address = parsed.address.kind === 'email' ? parsed.address.email : parsed.address.phone;
    const { id: accountId } = deps.accountOf(req);
    if (await deps.limited(req, res, 'sendPerAddress', `${accountId}|address:${address}`)) return;
    const account = await findAccount(deps.core, { id: accountId });
    if (wantsLink) {
      deps.background('login link', async () => {
        if (!(await withinBudget(deps, accountId, address))) return;
        await queueLoginEmails(deps.core, {
          accountId,
          contacts: [address],
          channel: parsed.address.kind === 'email' ? 'email' : 'sms',
          actor: 'system',
        }).catch((error) => {
          if (!isAppError(error, 'invalid_input')) throw error; // unknown or unreachable: nothing to send
        });
      });
      return deps.page(
        req,
        res,
        200,
        'Check your email',
        linkSentBody({ address, lifetime: lifetimeText(account.loginTtlMinutes) }),
      );
    }
    deps.background('sign-in code', async () => {
      if (await withinBudget(deps, accountId, address)) await queueSignInCode(deps.core, { accountId, address });
    });
    const info = `If ${address} belongs to an account here, we have sent it a 6-digit code. It works for ${lifetimeText(account.codeTtlMinutes)}.`;
    deps.page(req, res, 200, 'Sign in with a code', codeBody({ csrfToken, address, info }));
  });
}

/**
 * Whether the contact behind a typed address may be sent one more self-serve
 * message (src/http/portal/portal-deps.ts, sendBudget). Runs after the answer
 * has gone out: unknown addresses and spent budgets look the same.
 */
export async function withinBudget(deps: PortalDeps, accountId: string, address: string): Promise<boolean> {
  const contact = await findContact(deps.core, { accountId, lookup: address }).catch((error: unknown) => {
    if (isAppError(error, 'contact_not_found') || isAppError(error, 'invalid_input')) return null;
    throw error;
  });
  return contact !== null && (await deps.sendBudget(contact.id));
}
