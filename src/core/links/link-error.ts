import { AppError } from '../shared/errors.ts';
import { maskAddress } from '../contacts/mask-address.ts';

/** Why a known link no longer signs anyone in. */
export type LinkProblemState = 'used' | 'expired' | 'revoked';

/**
 * Details carried by link errors: enough for a transport to say what went
 * wrong and offer a fresh link to the same person, nothing secret (the
 * address is masked).
 */
export interface LinkErrorDetails {
  state: LinkProblemState;
  linkId: string;
  accountId: string;
  contactId: string;
  /** "a…@example.com" or "…0123": the person recognises it, a stranger learns nothing. */
  masked: string;
}

const problems: Record<LinkProblemState, { code: 'link_used' | 'link_expired' | 'link_revoked'; message: string }> = {
  used: { code: 'link_used', message: 'this link has already been used' },
  expired: { code: 'link_expired', message: 'this link has expired' },
  revoked: { code: 'link_revoked', message: 'this link was replaced by a newer one' },
};

/** The one place link errors are built, for inspection and redemption alike. */
export function linkError(
  state: LinkProblemState,
  link: { id: string; accountId: string; contactId: string; contact: { email: string | null; phone: string | null } },
): AppError {
  const details: LinkErrorDetails = {
    state,
    linkId: link.id,
    accountId: link.accountId,
    contactId: link.contactId,
    masked: maskAddress(link.contact),
  };
  return new AppError(problems[state].code, problems[state].message, details);
}

export function unknownLinkError(): AppError {
  return new AppError('link_unknown', 'this link is not valid');
}

/** The details of a link_used / link_expired / link_revoked error, or undefined for any other error. */
export function linkErrorDetails(error: unknown): LinkErrorDetails | undefined {
  if (!(error instanceof AppError)) return undefined;
  if (error.code !== 'link_used' && error.code !== 'link_expired' && error.code !== 'link_revoked') return undefined;
  return error.details as LinkErrorDetails;
}
