import type { GrantAccessResult } from '../../core/access/grant-access.ts';
import { grantLabel } from './contact-card.ts';
import { escapeText } from './text.ts';

/** What a grant did, in words, for `/portal grant` and the grant form alike: new access, a new URL, or nothing. */
export function grantResultText(who: string, result: GrantAccessResult): string {
  const what = escapeText(grantLabel(result.grant));
  const url = result.resourceUrl ? escapeText(result.resourceUrl) : '';
  if (result.changed) return `:white_check_mark: ${who} now has ${what}${url ? ` (opens ${url})` : ''}.`;
  if (result.resourceUrlSet) return `:link: ${who} already had ${what}; it now opens ${url}.`;
  return `${who} already had ${what}${url ? ` (opens ${url})` : ''}; nothing changed.`;
}
