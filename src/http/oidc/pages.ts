import { layout } from '../portal/pages/layout.ts';
import { html, Markup } from '../portal/pages/html.ts';
import { messagePage } from '../portal/pages/simple-pages.ts';

/** RP-initiated logout: asks before signing out (a link alone must not sign anyone out). */
export function logoutPage(portalName: string, appName: string | undefined, providerForm: string): string {
  // The provider's form carries its own anti-forgery field; our buttons submit it.
  const body = html`<h1>Sign out${appName ? html` of ${appName}` : ''}?</h1>
<p>This signs you out of ${portalName} and of the apps you signed in to with it.</p>
${new Markup(providerForm)}
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></p>
<p><button type="submit" class="link" form="op.logoutForm">No, stay signed in</button></p>`;
  return layout({ portalName, title: 'Sign out', body });
}

export function loggedOutPage(portalName: string, appName: string | undefined, problem?: string): string {
  const body = problem
    ? messagePage({
        heading: 'Sign-in could not continue',
        text: `${problem} Go back to the app and try again.`,
        next: { href: '/portal', label: 'Go to your portal' },
      })
    : messagePage({
        heading: 'You are signed out',
        text: `You are signed out${appName ? ` of ${appName}` : ''} and ${portalName}.`,
        next: { href: '/login', label: 'Sign in again' },
      });
  return layout({ portalName, title: problem ? 'Sign-in problem' : 'Signed out', body });
}

export function noAccessBody(appName: string, contactName: string): Markup {
  return messagePage({
    heading: `You don't have access to ${appName} yet`,
    text: `You are signed in as ${contactName}, but ${appName} needs access that has not been granted to you. If you think this is a mistake, reply to the message that brought you here and we will sort it out.`,
    next: { href: '/portal', label: 'Go to your portal' },
  });
}

/**
 * A page that moves the browser on to `url` by itself (meta refresh, no
 * script: the CSP allows none). Used where a plain 303 would continue a form
 * submission's redirect chain to another origin, which the portal's CSP
 * `form-action 'self'` makes browsers block. `url` is used as given (under a
 * portal's `/a/<slug>`, pass it with the prefix); `base` is that prefix, for the stylesheet.
 */
export function handOffPage(portalName: string, url: string, label: string, base = ''): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=${url}">
<meta name="robots" content="noindex, nofollow">
<title>${label} · ${portalName}</title>
<link rel="stylesheet" href="${base}/portal.css">
</head>
<body>
<main id="main"><p><a class="button" href="${url}">${label}</a></p></main>
</body>
</html>`.toString();
}
