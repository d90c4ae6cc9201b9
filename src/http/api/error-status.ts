import type { ErrorCode } from '../../core/shared/errors.ts';
import type { RequestErrorCode } from './request-error.ts';

/**
 * The one table from error code (domain and request) to HTTP status, for the
 * REST API and the provider webhooks. A code missing here is a bug the type
 * checker reports.
 */
export const errorStatus: Record<ErrorCode | RequestErrorCode, number> = {
  bad_request: 400,
  invalid_input: 422,
  unauthorized: 401,
  forbidden: 403,
  account_not_found: 404,
  contact_not_found: 404,
  grant_not_found: 404,
  message_not_found: 404,
  not_found: 404,
  link_unknown: 404,
  conflict: 409,
  not_dead: 409,
  contact_deactivated: 409,
  account_archived: 409,
  link_expired: 410,
  link_used: 410,
  link_revoked: 410,
  payload_too_large: 413,
  code_invalid: 422,
  code_spent: 422,
  sms_opted_out: 422,
  no_address_for_channel: 422,
  template_invalid: 422,
  rate_limited: 429,
  not_configured: 503,
  busy: 503,
};
