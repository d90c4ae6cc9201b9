import { isAppError } from '../../core/shared/errors.ts';
import { linkErrorDetails } from '../../core/links/link-error.ts';
import type { Markup } from './pages/html.ts';
import { goneBody } from './pages/link-pages.ts';
import { notFoundBody } from './pages/simple-pages.ts';

export interface LinkProblemPage {
  status: 404 | 410;
  title: string;
  body: Markup;
}

/**
 * The one table from a link error to the page a person sees: 404 for a
 * token we do not know, 410 with a "send me a new link" form for a used,
 * expired or replaced one. Undefined for any other error (the caller rethrows).
 * `csrfToken` is asked for only when the page has a form.
 */
export function linkProblemPage(
  error: unknown,
  options: { token: string; reset: boolean; signedInAsContact?: boolean; csrfToken: () => string },
): LinkProblemPage | undefined {
  if (isAppError(error, 'link_unknown')) return { status: 404, title: 'Link not found', body: notFoundBody() };
  const details = linkErrorDetails(error);
  if (!details) return undefined;
  const body = goneBody({
    state: details.state,
    reset: options.reset,
    masked: details.masked,
    token: options.token,
    csrfToken: options.csrfToken(),
    signedInAsContact: options.signedInAsContact ?? false,
  });
  return { status: 410, title: 'Link no longer works', body };
}
