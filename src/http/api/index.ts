/**
 * The REST API at /api/v1: request id, API key, rate limit, JSON body (with a
 * size limit), then one handler per route file (src/http/api/routes), and
 * one error handler for all of it. POSTs honour Idempotency-Key.
 */
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { RateLimitStore } from '../rate-limit-store.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError, isAppError } from '../../core/shared/errors.ts';
import { RequestError } from './request-error.ts';
import { runIdempotent } from '../../core/idempotency/run-idempotent.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';
import { expressPath, type ApiRoute, type RouteResult } from './define-route.ts';
import { apiRoutes } from './routes/index.ts';
import { apiErrorHandler, toErrorResponse } from './error-handler.ts';
import { assignRequestId } from './request-id.ts';
import { requireApiKey } from './authenticate.ts';
import { limitApiRequests } from './rate-limit.ts';
import { buildOpenApiDocument } from './openapi.ts';

/** 10,000 addresses with names fit with room to spare. */
export const API_BODY_LIMIT = '2mb';

export function registerApi(app: Express, context: AppContext, rateLimits: RateLimitStore): void {
  const router = express.Router();
  router.use(assignRequestId);
  const openApi = buildOpenApiDocument(apiRoutes, {
    version: context.version,
    serverUrl: `${context.config.publicUrl}/api/v1`,
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  router.use(requireApiKey(context.core));
  router.use(limitApiRequests({ store: rateLimits, scale: context.config.rateLimitScale }));
  // After the key check: nobody without a key makes us read 2 MB.
  // The raw bytes are kept for Idempotency-Key: the request is recognised by what was sent, not by walking the parsed value.
  router.use(
    express.json({
      limit: API_BODY_LIMIT,
      verify: (req, _res, raw) => void ((req as Request & { rawBody?: Buffer }).rawBody = raw),
    }),
  );
  for (const route of apiRoutes) router[route.method](expressPath(route.path), handle(route, context));
  router.use((req) => {
    throw new AppError('not_found', `no route ${req.method} /api/v1${req.path}; see /api/v1/openapi.json`);
  });
  router.use(apiErrorHandler(context.logger));
  app.use('/api/v1', router);
}

/** Operator keys manage accounts and nothing inside one; account keys never manage accounts. */
function checkKeyKind(route: ApiRoute<any, any, any>, caller: ApiCaller): void {
  if (route.operator === 'either') return;
  if (route.operator && !caller.operator)
    throw new AppError(
      'forbidden',
      'managing accounts needs an operator key (portal-desk apikey create <name> --operator)',
    );
  if (!route.operator && caller.operator)
    throw new AppError('forbidden', 'an operator key manages accounts only; use an account key for this endpoint');
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  if (part === 'body' && value === undefined) {
    // No body at all is fine for an endpoint whose every field is optional.
    const empty = schema.safeParse({});
    if (empty.success) return empty.data;
    throw new RequestError('bad_request', 'send a JSON body with Content-Type: application/json');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new RequestError(
      'bad_request',
      `${part === 'body' ? 'the body' : `the ${part}`} is not what this endpoint expects: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`.slice(
        0,
        500,
      ),
      { issues: issues.slice(0, 50) },
    );
  }
  return result.data;
}

function handle(route: ApiRoute<any, any, any>, context: AppContext): RequestHandler {
  return async (req, res) => {
    const caller = res.locals.caller as ApiCaller;
    const requestId = String(res.locals.requestId);
    let headers: Record<string, string> = {};
    let stream: RouteResult['stream'];
    const run = async (): Promise<{ status: number; body: string }> => {
      try {
        checkKeyKind(route, caller);
        const params = parse(route.params, req.params, 'path');
        const query = parse(route.query, req.query, 'query');
        const body = parse(route.body, req.body, 'body');
        const result = await route.handler({ context, caller, params, query, body, request: req });
        headers = result.headers ?? {};
        stream = result.stream;
        return { status: result.status, body: JSON.stringify(result.body) };
      } catch (error) {
        if (!isAppError(error) && !(error instanceof RequestError)) throw error;
        const answer = toErrorResponse(error, requestId, context.logger);
        return { status: answer.status, body: JSON.stringify(answer.body) };
      }
    };
    const key = route.method === 'post' ? req.get('idempotency-key') : undefined;
    const answer =
      key === undefined
        ? { ...(await run()), replayed: false }
        : await runIdempotent(
            context.core,
            {
              accountId: caller.accountId,
              key,
              method: req.method,
              path: pathOf(req),
              rawBody: (req as Request & { rawBody?: Buffer }).rawBody,
            },
            run,
          );
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (stream && answer.status < 300) return sendStream(res, stream, context, requestId);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).type('application/json').send(answer.body);
  };
}

/**
 * Writes a streamed body, waiting for the socket to drain between pieces so
 * a slow reader slows the database reads instead of filling memory. An error
 * after the first byte can only cut the response short (the status is out).
 */
async function sendStream(
  res: Response,
  stream: NonNullable<RouteResult['stream']>,
  context: AppContext,
  requestId: string,
): Promise<void> {
  res.status(200).type(stream.contentType);
  try {
    for await (const piece of stream.pieces) {
      if (res.destroyed) return;
      if (!res.write(piece)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  } catch (error) {
    context.logger.error('api: streamed response failed', { requestId, error });
    res.destroy(error as Error);
  }
}

function pathOf(req: Request): string {
  return `${req.baseUrl}${req.path}`;
}
