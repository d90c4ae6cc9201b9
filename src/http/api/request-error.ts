/**
 * Errors about the HTTP request itself, which only the API can have: a body
 * that is not JSON, the wrong shape, too large. Domain code never throws
 * these (src/core/shared/errors.ts has the domain's codes).
 */
export const requestErrorCodes = ['bad_request', 'payload_too_large'] as const;

export type RequestErrorCode = (typeof requestErrorCodes)[number];

export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    /** Safe to show to the caller. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
