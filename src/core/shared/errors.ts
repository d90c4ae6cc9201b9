/**
 * The one error type the domain throws. Transports map `code` to their own
 * wording (src/http/api/error-status.ts, src/slack/error-text.ts); anything that
 * is not an AppError is a bug, logged once and shown as a generic message.
 * Codes about the shape of an HTTP request (bad_request, payload_too_large)
 * belong to the API, not here: src/http/api/request-error.ts.
 */
export const errorCodes = [
  'invalid_input',
  'account_not_found',
  'contact_not_found',
  'link_unknown',
  'link_expired',
  'link_used',
  'link_revoked',
  'code_invalid',
  'code_spent',
  'sms_opted_out',
  /** The contact's access is turned off: no links, codes or sign-ins until reactivated. */
  'contact_deactivated',
  /** An operator archived the account: it keeps its data but sends no new invites or links. */
  'account_archived',
  'no_address_for_channel',
  'message_not_found',
  'not_dead',
  'grant_not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'rate_limited',
  'not_found',
  'template_invalid',
  /** A setup step is missing on our side (a Slack scope, a provider key): the person cannot fix it by retrying. */
  'not_configured',
  /** The database stayed busy past its wait: what was asked is safe to ask again, and asking again finishes it. */
  'busy',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe to show to the caller: never a token, password or code. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

export interface InvalidEntry {
  input: string;
  reason: string;
}

export function invalidInput(message: string, invalid?: InvalidEntry[]): AppError {
  return new AppError('invalid_input', message, invalid ? { invalid } : undefined);
}
