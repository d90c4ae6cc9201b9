/**
 * Turns a message's render input (src/core/outbox/render-input.ts, prepared
 * by core) into what a provider sends. A pure function: no database, no
 * clock, nothing random. Tokens, URLs and codes are derived from link ids
 * with the link key, so the same input renders the same bytes on every
 * attempt, which is what lets a retried batch reuse its idempotency key.
 */
import type { RenderInput } from '../core/outbox/render-input.ts';
import { linkCode, linkToken, linkUrl } from '../core/links/link-secrets.ts';
import type { LinkKey } from '../core/links/link-keys.ts';
import { renderPlain } from '../core/templates/merge-fields.ts';
import { emailHtml } from './templates/email-html.ts';
import { durationText } from './templates/duration-text.ts';
import { sampleLinks } from './templates/preview-template.ts';

export type Rendered =
  | {
      channel: 'email';
      from: string;
      replyTo?: string;
      to: string;
      subject: string;
      html: string;
      text: string;
      redactedSubject: string;
      preview: string;
    }
  | { channel: 'sms'; to: string; body: string; from?: string; redactedSubject: undefined; preview: string };

export interface RenderSettings {
  /** PUBLIC_URL: links are `${publicUrl}/l/<token>` for a message prepared without the account's own site URL. */
  publicUrl: string;
  /** Derive tokens and codes from link ids: the current key first, then older ones still in use (key rotation). */
  linkKeys: LinkKey[];
  /** EMAIL_FROM, used when the account has no sender of its own. */
  emailFrom: string;
}

export function renderMessage(input: RenderInput, settings: RenderSettings): Rendered {
  const secrets: Array<[string, string]> = [];
  // Each link with the key it was minted with (input.linkKeyIds), so a link minted before a key rotation keeps working.
  const keyOf = (linkId: string): Buffer =>
    (settings.linkKeys.find((k) => k.id === input.linkKeyIds?.[linkId]) ?? settings.linkKeys[0]!).key;
  // Links lead to the account's own portal (its domain, <slug>.PORTAL_BASE_DOMAIN or /a/<slug>): a link works only there.
  const site = input.portal.siteUrl ?? settings.publicUrl;
  const portal: Record<string, string> = {
    name: input.portal.name,
    url: input.portal.url,
    code_url: `${site}/login/code`,
  };
  // A template test: sample links that sign nobody in, and "[test]" in front so nobody mistakes it.
  if (input.sample) Object.assign(portal, sampleLinks(site));
  const mark = input.sample ? '[test] ' : '';
  for (const [field, linkId] of Object.entries(input.loginLinks)) {
    const url = linkUrl(site, linkToken(keyOf(linkId), linkId));
    portal[field.slice('portal.'.length)] = url;
    secrets.push([url, '[login link]']);
  }
  if (input.codeLinkId) {
    portal.login_code = linkCode(keyOf(input.codeLinkId), input.codeLinkId);
    secrets.push([portal.login_code, '[code]']);
  }
  if (input.resetLinkId) {
    portal.reset_url = `${site}/reset-password?token=${linkToken(keyOf(input.resetLinkId), input.resetLinkId)}`;
    secrets.push([portal.reset_url, '[reset link]']);
  }
  const view = {
    contact: input.contact,
    portal,
    link: { expires_in: input.expiresInMinutes !== undefined ? durationText(input.expiresInMinutes) : '' },
    access: input.access,
  };
  const text = renderPlain(input.template.body, view)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const preview = `${mark}${redact(text, secrets).replace(/\s+/g, ' ')}`.slice(0, 280);
  if (input.channel === 'sms')
    return {
      channel: 'sms',
      to: input.to,
      body: `${mark}${text}`,
      from: input.from ?? undefined,
      redactedSubject: undefined,
      preview,
    };
  const subject = `${mark}${renderPlain(input.template.subject ?? '', view)
    .replace(/\s+/g, ' ')
    .trim()}`;
  return {
    channel: 'email',
    from: input.from ?? settings.emailFrom,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    to: input.to,
    subject,
    text,
    // Only the template's own link fields become links or the button, never a merge value (SECURITY.md).
    html: emailHtml({
      text,
      title: subject,
      portalName: input.portal.name,
      links: templateLinks(portal, input.portal.url),
    }),
    redactedSubject: redact(subject, secrets),
    preview,
  };
}

function templateLinks(portal: Record<string, string>, portalUrl: string): Set<string> {
  const urls = Object.entries(portal)
    .filter(([field]) => field.startsWith('login_url') || field === 'reset_url' || field === 'code_url')
    .map(([, url]) => url);
  return new Set([...urls, portalUrl]);
}

function redact(text: string, secrets: Array<[string, string]>): string {
  // Longest first: a URL contains its token, and the token must not be half-replaced.
  return [...secrets]
    .sort((a, b) => b[0].length - a[0].length)
    .reduce((out, [secret, label]) => out.split(secret).join(label), text);
}
