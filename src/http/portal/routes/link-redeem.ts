import { clientKey } from '../../client-address.ts';
import type { Request, Response, Router } from 'express';
import type { PortalDeps } from '../portal-deps.ts';
import { linkProblemPage } from '../link-problem-page.ts';
import { linkErrorDetails } from '../../../core/links/link-error.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/**
 * POST /l/:token: the person pressed Continue. One conditional update spends
 * the link, a new session starts in the same transaction, and 303 goes to
 * the link's fixed section path. Most of these requests are answered by
 * src/http/portal/link-redeem-fast-path.ts ahead of Express, through the same
 * `answerLinkRedeem`; this route takes the rest (unusual bodies or paths).
 */
export function registerLinkRedeem(router: Router, deps: PortalDeps): void {
  router.post('/l/:token', (req, res) =>
    answerLinkRedeem(req, res, deps, String(req.params.token), deps.accountOf(req).id),
  );
}

/** The answer to a POST of a link on the portal of `accountId`, once the body is parsed into `req.body`. */
export async function answerLinkRedeem(
  req: Request,
  res: Response,
  deps: PortalDeps,
  token: string,
  accountId: string,
): Promise<void> {
  if (await deps.limited(req, res, 'linkPerIp', clientKey(req))) return;
  if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
  try {
    const redeemed = await deps.sessions.redeemAndSignIn(req, res, { token, accountId });
    // This browser has now signed in as this address: password throttling spares it (one HMAC, no database work).
    if (redeemed.contact.email) deps.devices.remember(res, redeemed.contact.email);
    // Not res.redirect: its content negotiation and HTML body were 9 % of this path's CPU (bench/redeem profile).
    res.status(303).location(redeemed.path).end();
  } catch (error) {
    const details = linkErrorDetails(error);
    // Someone already signed in as this contact is better served by "Go to your portal" than a new link.
    const signedInAsContact =
      details !== undefined && (await deps.sessions.current(req))?.contact.id === details.contactId;
    const page = linkProblemPage(error, {
      token,
      reset: false,
      signedInAsContact,
      csrfToken: () => deps.csrf.token(req, res),
    });
    if (!page) throw error;
    deps.page(req, res, page.status, page.title, page.body);
  }
}
