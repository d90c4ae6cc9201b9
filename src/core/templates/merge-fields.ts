/**
 * The merge fields a template may use. The first nine are the contract the
 * issue lists; the rest let the built-in templates say what a link is for.
 * A login-link field is only minted when the template actually uses it
 * (see src/delivery/render-message.ts).
 */
import Mustache from 'mustache';
import type { Section } from '../access/sections.ts';

export const mergeFields = [
  'contact.first_name',
  'contact.last_name',
  'contact.email',
  'portal.name',
  'portal.url',
  'portal.login_url',
  'portal.login_url_courses',
  'portal.login_url_communities',
  'portal.login_url_affiliates',
  /** The 6-digit code of the message's own link (invite, login, code). */
  'portal.login_code',
  /** Where a code is entered: `${PUBLIC_URL}/login/code`. */
  'portal.code_url',
  /** Password reset messages: `${PUBLIC_URL}/reset-password?token=…`. */
  'portal.reset_url',
  /** How long the message's link works, e.g. "7 days". */
  'link.expires_in',
  /** Access-granted messages: the course or community, and its section. */
  'access.resource_name',
  'access.section',
  /** Invitations that grant something: what, e.g. `the course “Intro to SEO”`; empty otherwise. */
  'access.granted',
] as const;

export type MergeField = (typeof mergeFields)[number];

/** The login-link fields and the section each one opens. */
export const loginUrlFields: Record<string, Section> = {
  'portal.login_url': 'portal',
  'portal.login_url_courses': 'courses',
  'portal.login_url_communities': 'communities',
  'portal.login_url_affiliates': 'affiliates',
};

type Token = [string, string, number, number, Token[]?, number?];

/**
 * The field names a template source uses, in order of first use.
 * @throws Error when the source is not valid mustache (message says where).
 */
export function fieldsUsed(source: string): string[] {
  const found = new Set<string>();
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      const [type, value] = token;
      if (type === 'name' || type === '&' || type === '#' || type === '^') found.add(value);
      if (type === '>') found.add(`>${value}`);
      if (token[4]) walk(token[4]);
    }
  };
  walk(Mustache.parse(source) as unknown as Token[]);
  // Inside a section, "." is the section's own value: not a field.
  found.delete('.');
  return [...found];
}

/** Renders with no HTML escaping: the result is plain text, escaped later if it goes into HTML. */
export function renderPlain(source: string, view: Record<string, unknown>): string {
  return Mustache.render(source, view, {}, { escape: (value: unknown) => String(value) });
}
