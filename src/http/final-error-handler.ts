/**
 * The last handler of the web server: whatever a route outside the API and
 * the portal pages lets through (provider webhooks, /slack/events, health,
 * a malformed URL before any route). Express's own final handler would print
 * the stack and absolute file paths in development; this one never does.
 * An error that carries a 4xx status (body-parser's 413, a malformed %-escape's
 * 400) keeps it; anything else is a 500 logged once with a reference.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

const reasons: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  413: 'request body too large',
  415: 'unsupported media type',
};

/** The 4xx status an error carries (http-errors, body-parser), or 500. */
export function clientStatusOf(error: unknown): number {
  const status =
    typeof error === 'object' && error !== null
      ? ((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode)
      : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  // decodeURIComponent on a malformed %-escape in the path.
  if (error instanceof URIError) return 400;
  return 500;
}

export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = clientStatusOf(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    let message = reasons[status] ?? 'request refused';
    if (status === 500) {
      const requestId = randomUUID();
      logger.error('request failed', {
        requestId,
        method: req.method,
        path: req.path.startsWith('/l/') ? '/l/[token]' : req.path,
        error,
      });
      message = `something went wrong on our side; quote request id ${requestId} when reporting it`;
    }
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .json({ error: { code: status === 500 ? 'internal_error' : `http_${status}`, message } });
  };
}

/** No route matched: a short JSON answer instead of Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'not found' } });
};
