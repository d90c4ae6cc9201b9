import { html, type Markup } from './html.ts';
import { csrfInput, field, notice } from './layout.ts';
import { minPasswordLength } from '../../../core/credentials/password-rules.ts';

const passwordHint = `At least ${minPasswordLength} characters. A few unrelated words make a strong one.`;

/** The reset form, reached from the emailed link (/l/:token or /reset-password?token=…). */
export function resetFormBody(options: { token: string; csrfToken: string; masked: string; error?: string }): Markup {
  return html`<h1>Choose a new password</h1>
<p>For ${options.masked}. After this, you will be signed out everywhere and can sign in with the new password.</p>
<form method="post" action="/reset-password" novalidate>
${csrfInput(options.csrfToken)}
<input type="hidden" name="token" value="${options.token}">
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, autofocus: true, hint: passwordHint, error: options.error })}
<button type="submit" class="wide">Save new password</button>
</form>`;
}

export function forgotFormBody(options: {
  csrfToken: string;
  email?: string;
  error?: string;
  sentTo?: string;
  lifetime?: string;
}): Markup {
  return html`<h1>Reset your password</h1>
${
  options.sentTo
    ? notice(
        `If ${options.sentTo} belongs to an account here, we have emailed it a link to choose a new password. The link works for ${options.lifetime ?? '1 hour'}.`,
      )
    : html`<p>Enter the email address you use here. We will email you a link to choose a new password.</p>`
}
<form method="post" action="/forgot-password" novalidate>
${csrfInput(options.csrfToken)}
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', required: true, autofocus: !options.sentTo, value: options.email, error: options.error })}
<button type="submit" class="wide">Email me a reset link</button>
</form>
<p><a href="/login">Back to sign-in</a></p>`;
}

/** /portal/password: a first password for invited contacts, or a change. */
export function setPasswordBody(options: {
  csrfToken: string;
  hasPassword: boolean;
  errors?: { currentPassword?: string; password?: string };
  saved?: boolean;
}): Markup {
  return html`<h1>${options.hasPassword ? 'Change your password' : 'Set a password'}</h1>
${options.saved ? notice('Your password is saved. Other devices have been signed out.') : ''}
${options.hasPassword ? '' : html`<p>With a password you can sign in without waiting for an email.</p>`}
<form method="post" action="/portal/password" novalidate>
${csrfInput(options.csrfToken)}
${
  options.hasPassword
    ? field({
        name: 'currentPassword',
        label: 'Current password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        error: options.errors?.currentPassword,
      })
    : ''
}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: passwordHint, error: options.errors?.password })}
<button type="submit" class="wide">Save password</button>
</form>
<p><a href="/portal">Back to your portal</a></p>`;
}
