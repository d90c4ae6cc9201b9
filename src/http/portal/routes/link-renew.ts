import { clientKey } from '../../client-address.ts';
import type { Router } from 'express';
import { findLinkOr404 } from './find-link-or-404.ts';
import { queueLoginEmails } from '../../../core/invitations/queue-login-emails.ts';
import { requestPasswordReset } from '../../../core/credentials/request-password-reset.ts';
import { findAccount } from '../../../core/accounts/find-account.ts';
import { lifetimeMinutes } from '../../../core/links/link-purpose.ts';
import { AppError, isAppError } from '../../../core/shared/errors.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { maskAddress } from '../../../core/contacts/mask-address.ts';
import { continueBody, lifetimeText, renewedBody } from '../pages/link-pages.ts';
import { csrfFailedBody, messagePage } from '../pages/simple-pages.ts';
import { contactRef } from '../../../core/audit/actor.ts';

/**
 * POST /l/:token/renew: "send me a new link" from a used, expired or
 * replaced link. The new link goes to the same contact, on the channel and to
 * the section of the old one; the page shows the address only masked.
 */
export function registerLinkRenew(router: Router, deps: PortalDeps): void {
  router.post('/l/:token/renew', async (req, res) => {
    if (await deps.limited(req, res, 'linkPerIp', clientKey(req))) return;
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    const token = String(req.params.token);
    const link = await findLinkOr404(deps, req, res, token, ['invite', 'login', 'reset']);
    if (!link) return;
    if (link.contact.status === 'deactivated')
      throw new AppError('contact_deactivated', 'access to this portal is turned off for this contact');
    const masked = maskAddress(link.contact);
    if (link.state === 'live') {
      const { name: portalName } = deps.accountOf(req);
      const body = continueBody({
        portalName,
        masked,
        link,
        token,
        csrfToken: deps.csrf.token(req, res),
      });
      return deps.page(req, res, 200, `Continue to ${portalName}`, body);
    }
    if (await deps.limited(req, res, 'sendPerIp', clientKey(req))) return;
    if (await deps.limited(req, res, 'sendPerAddress', contactRef(link.contact.id))) return;
    const reset = link.purpose === 'reset';
    const actor = contactRef(link.contact.id);
    // Over the contact's self-serve budget: the same "check your messages" page, and nothing sent.
    const sent = !(await deps.sendBudget(link.contact.id))
      ? true
      : reset
        ? (
            await requestPasswordReset(deps.core, {
              accountId: link.accountId,
              lookup: { contactId: link.contact.id },
              actor,
            })
          ).queued
        : await queueLoginEmails(deps.core, {
            accountId: link.accountId,
            contacts: [link.contact.id],
            channel: link.sentVia === 'sms' ? 'sms' : 'auto',
            section: link.section,
            resourceName: link.resourceName ?? undefined,
            actor,
          }).then(
            () => true,
            (error: unknown) => {
              if (isAppError(error, 'invalid_input')) return false; // no address we can reach
              throw error;
            },
          );
    if (!sent) {
      const body = messagePage({
        heading: 'We could not send a new link',
        text: 'We have no way to reach you on file. Ask the people who run this portal for a new invitation.',
      });
      return deps.page(req, res, 409, 'No new link', body);
    }
    const account = await findAccount(deps.core, { id: link.accountId });
    const lifetime = lifetimeText(lifetimeMinutes(account, reset ? 'reset' : 'login'));
    deps.page(req, res, 200, 'Check your messages', renewedBody({ masked, reset, lifetime }));
  });
}
