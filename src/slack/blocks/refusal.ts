import { escapeText } from './text.ts';
import { mentionList } from './mention.ts';

export interface RefusalData {
  /** Finishes "Only portal admins can …": "invite contacts". */
  what: string;
  /** The account the request acted on (its binding), named so an admin of another account sees why. */
  accountName?: string;
  /** Only operators may do this (managing accounts): account admins do not count. */
  operatorsOnly: boolean;
  /** The account's own admins: Slack user and user group ids. */
  accountAdmins: string[];
  /** PORTAL_OPERATORS / PORTAL_ADMINS: user and user group ids. */
  operators: string[];
}

/**
 * The text of a refusal: what was refused and who can help. The account's
 * admins are named first (they can do it, or add you); an account without
 * admins of its own points at the operators.
 */
export function refusalText(data: RefusalData): string {
  const operators = data.operators.length
    ? `an operator (${mentionList(data.operators)})`
    : 'whoever runs Portal Desk (operators are listed in PORTAL_OPERATORS)';
  if (data.operatorsOnly) return `Only operators can ${data.what}. Ask ${operators} to do it.`;
  const account = data.accountName ? `*${escapeText(data.accountName)}*` : 'this portal account';
  if (data.accountAdmins.length > 0)
    return `Only portal admins can ${data.what}. In this channel that means the admins of ${account}: ask ${mentionList(data.accountAdmins)} to do it, or to add you.`;
  return `Only portal admins can ${data.what}. ${account.charAt(0).toUpperCase()}${account.slice(1)} has no admins of its own yet: ask ${operators} to do it, or to add you.`;
}
