import type { LinkSummary } from '../../../core/links/inspect-link.ts';
import { html, type Markup } from './html.ts';
import { csrfInput } from './layout.ts';

export function destination(link: Pick<LinkSummary, 'section' | 'resourceName'>): string {
  if (link.resourceName)
    return `${link.section === 'communities' ? 'the community' : 'the course'} “${link.resourceName}”`;
  return link.section === 'portal' ? 'your portal' : `your ${link.section}`;
}

/** GET /l/:token: one button, nothing automatic, so a scanner that opens the page spends nothing. */
export function continueBody(options: {
  portalName: string;
  masked: string;
  link: LinkSummary;
  token: string;
  csrfToken: string;
}): Markup {
  return html`<h1>Continue to ${options.portalName} as ${options.masked}</h1>
<p>This signs you in and opens ${destination(options.link)}.</p>
<form method="post" action="/l/${options.token}">
${csrfInput(options.csrfToken)}
<button type="submit" class="wide">Continue</button>
</form>
<p class="muted">Not you? Close this page; nothing happens until someone presses Continue.</p>`;
}

const goneText: Record<'used' | 'expired' | 'revoked', { heading: string; text: string }> = {
  used: {
    heading: 'This link has already been used',
    text: 'Each link signs in once. If that was you a moment ago, you may still be signed in.',
  },
  expired: { heading: 'This link has expired', text: 'Links only work for a limited time, to keep your account safe.' },
  revoked: {
    heading: 'This link was replaced by a newer one',
    text: 'A newer link was sent after this one, and only the newest one works.',
  },
};

/**
 * 410: the link is spent, old or replaced; one click sends a fresh one to the
 * same person. Someone already signed in as the link's contact (they used it
 * a moment ago, or opened it again from the email) is led to their portal
 * first: a new link is the last thing they need.
 */
export function goneBody(options: {
  state: 'used' | 'expired' | 'revoked';
  reset: boolean;
  masked: string;
  token: string;
  csrfToken: string;
  signedInAsContact?: boolean;
}): Markup {
  const text = goneText[options.state];
  if (options.signedInAsContact && !options.reset) {
    return html`<h1>You are already signed in</h1>
<p>${text.heading}, but you are signed in as ${options.masked} on this device.</p>
<p><a class="button wide" href="/portal">Go to your portal</a></p>
<p class="or">or</p>
<form method="post" action="/l/${options.token}/renew">
${csrfInput(options.csrfToken)}
<button type="submit" class="secondary wide">Send me a new link</button>
</form>`;
  }
  const what = options.reset ? 'password reset link' : 'sign-in link';
  return html`<h1>${options.reset ? text.heading.replace('link', 'password reset link') : text.heading}</h1>
<p>${text.text}</p>
<form method="post" action="/l/${options.token}/renew">
${csrfInput(options.csrfToken)}
<p>We can send a new ${what} to ${options.masked}.</p>
<button type="submit" class="wide">Send me a new link</button>
</form>
<p class="or">or</p>
<p><a href="${options.state === 'used' && !options.reset ? '/portal' : '/login'}">${options.state === 'used' && !options.reset ? 'Go to your portal' : 'Sign in another way'}</a></p>`;
}

export function renewedBody(options: { masked: string; reset: boolean; lifetime: string }): Markup {
  return html`<h1>Check your messages</h1>
<p>We sent a new ${options.reset ? 'password reset link' : 'sign-in link'} to ${options.masked}. It works for ${options.lifetime}; older links no longer do.</p>
<p><a href="/login/code">Got a 6-digit code instead? Enter it here.</a></p>`;
}

export function lifetimeText(minutes: number): string {
  if (minutes % (24 * 60) === 0) return minutes === 1440 ? '24 hours' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
