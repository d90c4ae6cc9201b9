import { html, type Markup } from './html.ts';

export interface PageFrame {
  /** The portal's name: on every page, in the title and the header. */
  portalName: string;
  title: string;
  body: Markup;
  /** Shows "Sign out" in the header. */
  signedIn?: { csrfToken: string; name: string };
}

/** The one page shell: no inline script or style (the CSP forbids both), one stylesheet. */
export function layout(frame: PageFrame): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${frame.title} · ${frame.portalName}</title>
<link rel="stylesheet" href="/portal.css">
</head>
<body>
<header class="site">
<a class="brand" href="/portal">${frame.portalName}</a>
${
  frame.signedIn
    ? html`<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${frame.signedIn.csrfToken}"><button type="submit" class="link">Sign out</button></form>`
    : ''
}
</header>
<main id="main">
${frame.body}
</main>
</body>
</html>
`.value;
}

/** A labelled input with its error right under it, tied together for screen readers. */
export function field(options: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  autofocus?: boolean;
  inputmode?: string;
  hint?: string;
}): Markup {
  const id = `field-${options.name}`;
  const describedBy = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${options.error ? ' has-error' : ''}">
<label for="${id}">${options.label}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}"${options.value !== undefined ? html` value="${options.value}"` : ''}${
    options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''
  }${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.required ? html` required` : ''}${
    options.autofocus || options.error ? html` autofocus` : ''
  }${options.error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
${options.error ? html`<p class="field-error" id="${id}-error" role="alert">${options.error}</p>` : ''}
</div>`;
}

export function csrfInput(token: string): Markup {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

export function notice(text: string | Markup, kind: 'info' | 'error' = 'info'): Markup {
  return html`<p class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`;
}
