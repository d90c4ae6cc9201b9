import type { Core } from '../core.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { linkTokenHash } from './link-secrets.ts';
import { signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { isWellFormedSecret } from '../shared/secret-format.ts';
import { linkError, unknownLinkError, type LinkProblemState } from './link-error.ts';
import type { AppError } from '../shared/errors.ts';

export interface InspectLinkOptions {
  token: string;
  /** Purposes this caller handles; other links are unknown to it. @default invite and login */
  purposes?: LinkPurpose[];
  /**
   * The account whose portal the link was opened on: another account's link
   * is unknown there, exactly like a token that never existed (issue #16).
   */
  accountId?: string;
}

export interface LinkSummary {
  id: string;
  accountId: string;
  purpose: LinkPurpose;
  section: Section;
  resourceName: string | null;
  path: string;
  expiresAt: Date;
  sentVia: string | null;
  /** When the message carrying the link was handed to the provider. */
  sentAt: Date | null;
  firstSeenAt: Date | null;
  contact: { id: string; email: string | null; phone: string | null; firstName: string | null; status: string };
}

export type LinkInspection =
  | ({ state: 'live' } & LinkSummary)
  | ({ state: LinkProblemState; error: AppError } & LinkSummary);

/** Tokens longer than this are not looked at (a token is 43 characters). */
const maxTokenLength = 256;

/**
 * Reads a link's state without changing anything: what GET /l/:token shows.
 * Malformed tokens still cost one indexed lookup, so they answer in the same
 * time as unknown ones.
 * @throws AppError link_unknown
 */
export async function inspectLink(core: Core, options: InspectLinkOptions): Promise<LinkInspection> {
  const purposes = options.purposes ?? signInPurposes;
  const tokenHash = linkTokenHash(options.token.slice(0, maxTokenLength));
  const row = await core.db.loginToken.findUnique({
    where: { tokenHash },
    include: { contact: { select: { id: true, email: true, phone: true, firstName: true, status: true } } },
  });
  if (
    !row ||
    (options.accountId !== undefined && row.accountId !== options.accountId) ||
    !purposes.includes(row.purpose as LinkPurpose) ||
    !isWellFormedSecret(options.token)
  ) {
    throw unknownLinkError();
  }
  const message = row.messageId
    ? await core.db.message.findUnique({ where: { id: row.messageId }, select: { sentAt: true } })
    : null;
  const summary: LinkSummary = {
    id: row.id,
    accountId: row.accountId,
    purpose: row.purpose as LinkPurpose,
    section: row.section as Section,
    resourceName: row.resourceName,
    path: sectionPath(row.section as Section, row.resourceId),
    expiresAt: row.expiresAt,
    sentVia: row.sentVia,
    sentAt: message?.sentAt ?? null,
    firstSeenAt: row.firstSeenAt,
    contact: row.contact,
  };
  const problem: LinkProblemState | null = row.usedAt
    ? 'used'
    : row.revokedAt
      ? 'revoked'
      : row.expiresAt <= core.now()
        ? 'expired'
        : null;
  if (problem) return { ...summary, state: problem, error: linkError(problem, row) };
  return { ...summary, state: 'live' };
}
