import type { Request, Response } from 'express';
import { inspectLink, type LinkInspection } from '../../../core/links/inspect-link.ts';
import type { LinkPurpose } from '../../../core/links/link-purpose.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { linkProblemPage } from '../link-problem-page.ts';

/**
 * The link behind a token, or the 404 page already answered (undefined) for
 * an unknown or malformed token. Never spends the link.
 */
export async function findLinkOr404(
  deps: PortalDeps,
  req: Request,
  res: Response,
  token: string,
  purposes: LinkPurpose[],
): Promise<LinkInspection | undefined> {
  try {
    // Another account's link is unknown here: the same 404 as a token that never existed.
    return await inspectLink(deps.core, { token, accountId: deps.accountOf(req).id, purposes });
  } catch (error) {
    const page = linkProblemPage(error, { token, reset: false, csrfToken: () => deps.csrf.token(req, res) });
    if (!page) throw error;
    deps.page(req, res, page.status, page.title, page.body);
    return undefined;
  }
}
