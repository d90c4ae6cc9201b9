import type { ErrorRequestHandler } from 'express';
import { AppError, isAppError } from '../../core/shared/errors.ts';
import { RequestError } from './request-error.ts';
import type { Logger } from '../../logger.ts';
import { errorStatus } from './error-status.ts';
import { clientStatusOf } from '../final-error-handler.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** What body-parser throws, turned into the domain's vocabulary. */
function fromBodyParser(error: { type?: unknown; limit?: unknown }): AppError | RequestError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new RequestError(
        'payload_too_large',
        `the request body is larger than the ${typeof error.limit === 'number' ? `${Math.round(error.limit / 1024)} KB` : ''} limit; split it into several requests`.replace(
          '  ',
          ' ',
        ),
      );
    case 'entity.parse.failed':
      return new RequestError('bad_request', 'the request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
    case 'request.aborted':
    case 'request.size.invalid':
      return new RequestError('bad_request', 'the request body could not be read');
    default:
      return fromClientStatus(error);
  }
}

/** Any other error that carries a 4xx status (a malformed %-escape in the path, for one) keeps it. */
function fromClientStatus(error: unknown): AppError | RequestError | undefined {
  switch (clientStatusOf(error)) {
    case 400:
      return new RequestError(
        'bad_request',
        error instanceof URIError || (error as { message?: string }).message?.startsWith('Failed to decode')
          ? 'the URL has a malformed %-escape'
          : 'the request could not be read',
      );
    case 404:
      return new AppError('not_found', 'not found');
    case 413:
      return new RequestError('payload_too_large', 'the request body is too large');
    case 500:
      return undefined;
    default:
      return new RequestError('bad_request', 'the request could not be handled as sent');
  }
}

/** An error as the API answers it. Anything that is not an AppError is a bug: logged once, hidden from the caller. */
export function toErrorResponse(
  error: unknown,
  requestId: string,
  logger: Logger,
): { status: number; body: ErrorBody } {
  const known =
    isAppError(error) || error instanceof RequestError
      ? error
      : typeof error === 'object' && error !== null
        ? fromBodyParser(error)
        : undefined;
  if (known) {
    return {
      status: errorStatus[known.code],
      body: {
        error: {
          code: known.code,
          message: known.message,
          ...(known.details === undefined ? {} : { details: known.details }),
        },
      },
    };
  }
  logger.error('API request failed', { requestId, error });
  return {
    status: 500,
    body: {
      error: {
        code: 'internal_error',
        message: `something went wrong on our side; quote request id ${requestId} when reporting it`,
      },
    },
  };
}

/** The central handler: every API error ends here. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const requestId = String(res.locals.requestId ?? 'unknown');
    const { status, body } = toErrorResponse(error, requestId, logger);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="portal-desk"');
    res.status(status).json(body);
  };
}
