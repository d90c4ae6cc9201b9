import { html, type Markup } from './html.ts';

/** Small pages with a heading, a sentence or two and a way on. */
export function messagePage(options: {
  heading: string;
  text: string | Markup;
  next?: { href: string; label: string };
}): Markup {
  return html`<h1>${options.heading}</h1>
<p>${options.text}</p>
${options.next ? html`<p><a class="button" href="${options.next.href}">${options.next.label}</a></p>` : ''}`;
}

export const notFoundBody = () =>
  messagePage({
    heading: 'This link does not work',
    text: 'It may have been copied incompletely. Ask for a new link, or sign in another way.',
    next: { href: '/login', label: 'Go to sign-in' },
  });

export const tooManyBody = (retryAfterSeconds: number) =>
  messagePage({
    heading: 'Too many tries',
    text: `Please wait ${retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`} and try again.`,
  });

export const csrfFailedBody = () =>
  messagePage({
    heading: 'Please try that again',
    text: 'The form had expired or your browser did not send its cookie. Reload the page and submit it again. This site needs cookies to sign you in.',
    next: { href: '/login', label: 'Go to sign-in' },
  });

export const tooLargeBody = () =>
  messagePage({
    heading: 'That was too much to send',
    text: 'The form was larger than any of ours can be. Go back and try again.',
  });

export const serverErrorBody = (requestId: string) =>
  messagePage({
    heading: 'Something went wrong on our side',
    text: `Please try again in a moment. If it keeps happening, tell support this reference: ${requestId}.`,
  });

/** For a contact whose access support turned off: what every sign-in path and the portal show them. */
export const turnedOffBody = (portalName: string) =>
  messagePage({
    heading: 'Access turned off',
    text: `Your access to ${portalName} is turned off. Ask ${portalName} to turn it back on.`,
  });

/** A host or `/a/<slug>` that is no account's portal: nothing of any other portal is shown. */
export const noPortalBody = () =>
  messagePage({
    heading: 'There is no portal here',
    text: 'Check the address: it may have been copied incompletely. The people who sent it to you can tell you the right one.',
  });

/** Every page of an archived account's portal: links, codes and sign-in all stop, and nothing says whose they were. */
export const closedBody = (portalName: string) =>
  messagePage({
    heading: 'This portal is closed',
    text: `${portalName} no longer signs anyone in here. Ask the people who run it where to go now.`,
  });
