import { html, type Markup } from './html.ts';
import { csrfInput, field, notice } from './layout.ts';

export interface LoginFormOptions {
  csrfToken: string;
  email?: string;
  errors?: { email?: string; password?: string };
  info?: string;
  google: boolean;
}

/**
 * /login: email and password, with "email me a code" and "email me a link"
 * as buttons of the same form (so the typed address goes along) and Google
 * when configured.
 */
export function loginBody(options: LoginFormOptions): Markup {
  return html`<h1>Sign in</h1>
${options.info ? notice(options.info) : ''}
<form method="post" action="/login" novalidate>
${csrfInput(options.csrfToken)}
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', required: true, autofocus: !options.errors?.password, value: options.email, error: options.errors?.email })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', error: options.errors?.password })}
<button type="submit" class="wide">Sign in</button>
<p class="or">No password, or forgot it?</p>
<div class="actions">
<button type="submit" class="secondary" formaction="/login/email-code">Email me a code</button>
<button type="submit" class="secondary" formaction="/login/email-link">Email me a link</button>
</div>
</form>
<p><a href="/forgot-password">Forgot your password?</a> · <a href="/login/code">I have a code</a></p>
${options.google ? html`<p class="or">or</p><p><a class="button secondary wide" href="/auth/google">Sign in with Google</a></p>` : ''}`;
}

export function codeBody(options: {
  csrfToken: string;
  address?: string;
  errors?: { address?: string; code?: string };
  info?: string;
}): Markup {
  return html`<h1>Sign in with a code</h1>
${options.info ? notice(options.info) : html`<p>Enter the 6-digit code from your email or text message. It works on any device.</p>`}
<form method="post" action="/login/code" novalidate>
${csrfInput(options.csrfToken)}
${field({ name: 'address', label: 'Email address or mobile number', type: 'text', autocomplete: 'username', required: true, value: options.address, error: options.errors?.address, autofocus: !options.address })}
${field({ name: 'code', label: '6-digit code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, error: options.errors?.code, autofocus: Boolean(options.address) })}
<button type="submit" class="wide">Sign in</button>
<div class="actions">
<button type="submit" class="secondary" formaction="/login/email-code">Send me a new code</button>
</div>
</form>
<p><a href="/login">Other ways to sign in</a></p>`;
}

export function linkSentBody(options: { address: string; lifetime: string }): Markup {
  return html`<h1>Check your email</h1>
${notice(`If ${options.address} belongs to an account here, we have sent it a sign-in link. It works for ${options.lifetime}.`)}
<p>The email also has a 6-digit code you can <a href="/login/code">enter here</a> instead, for example on another device.</p>
<p><a href="/login">Back to sign-in</a></p>`;
}
