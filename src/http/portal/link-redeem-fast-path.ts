/**
 * POST /l/:token (and /a/:slug/l/:token) answered ahead of Express's routing:
 * the request a person waits on after clicking a sign-in link, and the one a
 * bulk invite sends thousands of at once.
 *
 * Why: behind Express's router stack (every app-level route and middleware is
 * tried in turn) and body-parser (raw-body, type-is, content-type, iconv, qs),
 * about 40 % of this path's CPU went to routing and parsing a body that is one
 * field (bench/redeem profile, docs/benchmarks.md). Taken ahead of the app's
 * router (`serveAheadOfRouter`: even its first layer cost about 5 % more), it
 * keeps Express's request and response (req.ip under TRUST_PROXY, res.location,
 * the pages) and answers through the very function the Express route uses
 * (`answerLinkRedeem`), after the same headers, body limits and settings
 * refresh, so the answers are the same byte for byte.
 *
 * It takes only requests it understands completely: the exact path with a
 * well-formed token and no query, `Content-Type: application/x-www-form-urlencoded`
 * with no charset or encoding, a Content-Length within the portal's 8 kB body
 * limit. Anything else goes on, untouched, to the Express route.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import qs from 'qs';
import { metrics } from '../../metrics/metrics.ts';
import type { Logger } from '../../logger.ts';
import { isWellFormedToken } from '../../core/links/link-secrets.ts';
import { transportHeaderSetter } from '../transport-headers.ts';
import { setSecurityHeaders } from './security-headers.ts';
import type { PortalDeps } from './portal-deps.ts';
import { portalErrors } from './register-portal.ts';
import { answerLinkRedeem } from './routes/link-redeem.ts';

/** The portal's body limits (register-portal.ts: express.urlencoded limit 8kb, parameterLimit 20). */
const bodyLimit = 8 * 1024;
const parameterLimit = 20;

const linkPath = /^\/l\/([A-Za-z0-9_-]+)$/;
const accountLinkPath = /^\/a\/([a-z0-9-]+)\/l\/([A-Za-z0-9_-]+)$/;
/** The one field a Continue form sends, in the form a browser sends it. */
const csrfOnly = /^csrf=([A-Za-z0-9_-]*)$/;

export interface LinkRedeemFastPathOptions {
  deps: PortalDeps;
  publicUrl: string;
  logger: Logger;
}

export function linkRedeemFastPath(options: LinkRedeemFastPathOptions): RequestHandler {
  const { deps } = options;
  const setTransportHeaders = transportHeaderSetter(options);
  const onError = portalErrors(deps, options.logger);
  return (req, res, next) => {
    const target = fastPathTarget(req);
    if (!target) return next();
    const { token, slug, route } = target;
    // The portal's account, resolved as its router would; a portal that is unknown, closed or moved
    // answers through Express, with the page it has for that.
    deps.servedAccount(req, res, slug).then((account) => {
      if (account === null) return next();
      // As Express mounts the prefixed router: the portal sees /l/:token under its base URL.
      if (slug !== undefined) {
        req.baseUrl = account.base;
        req.url = `/l/${token}`;
      }
      // What timeRequests (src/metrics/metrics-route.ts) would record for the Express route.
      const end = metrics.httpDuration.startTimer();
      res.once('finish', () => end({ method: 'POST', route, status: String(res.statusCode) }));
      // In the order the app's middleware sets them: transport headers, then the portal's.
      setTransportHeaders(res);
      setSecurityHeaders(res);
      const fail = (error: unknown) => onError(error, req, res, next);
      readForm(req, (error, body) => {
        if (error) return fail(error);
        req.body = body;
        answerLinkRedeem(req, res, deps, token, account.id).catch(fail);
      });
    }, next);
  };
}

/** What Express gives every app (express/lib/application.js), not in its types. */
interface HandlingApp {
  handle(req: IncomingMessage, res: ServerResponse, callback?: NextFunction): void;
  request: object;
  response: object;
}

/**
 * Answers the requests `fastPath` takes before `app`'s router runs, and the
 * rest through the app as before. What app.handle does before routing is done
 * here too (the references and prototypes that give req and res Express's
 * methods). A request the fast path hands back goes through the app as usual;
 * one it fails goes to the app's error handlers with its error (the returned
 * middleware, which must be the app's first, passes it on).
 */
export function serveAheadOfRouter(app: Express, fastPath: RequestHandler): RequestHandler {
  const failed = new WeakMap<IncomingMessage, unknown>();
  const handling = app as unknown as HandlingApp;
  const handle = handling.handle.bind(app);
  handling.handle = (req, res, callback) => {
    if (!fastPathTarget(req)) return handle(req, res, callback);
    const request = Object.setPrototypeOf(req, handling.request) as Request;
    const response = Object.setPrototypeOf(res, handling.response) as Response;
    request.res = response;
    response.req = request;
    response.locals ??= Object.create(null);
    fastPath(request, response, (error?: unknown) => {
      if (error !== undefined && error !== 'route' && error !== 'router') failed.set(req, error);
      handle(req, res, callback);
    });
  };
  return (req, _res, next) => {
    if (!failed.has(req)) return next();
    const error = failed.get(req);
    failed.delete(req);
    next(error);
  };
}

export interface FastPathTarget {
  token: string;
  slug?: string;
  /** The route pattern, for the request-duration metric. */
  route: '/l/:token' | '/a/:slug/l/:token';
}

/** The link this request posts to, when this path can answer it exactly as the Express route would; else null. */
export function fastPathTarget(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): FastPathTarget | null {
  if (req.method !== 'POST' || req.url === undefined || !eligibleBody(req.headers)) return null;
  let match = linkPath.exec(req.url);
  if (match) return isWellFormedToken(match[1]!) ? { token: match[1]!, route: '/l/:token' } : null;
  match = accountLinkPath.exec(req.url);
  if (match && isWellFormedToken(match[2]!)) return { token: match[2]!, slug: match[1]!, route: '/a/:slug/l/:token' };
  return null;
}

/** A body this path can read exactly as body-parser would: urlencoded, utf-8, not compressed, within the limit. */
function eligibleBody(headers: IncomingHttpHeaders): boolean {
  if (headers['content-type'] !== 'application/x-www-form-urlencoded') return false;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  if (length === undefined || !/^\d{1,5}$/.test(length)) return false;
  return Number(length) <= bodyLimit;
}

type FormCallback = (error: (Error & { status?: number }) | null, body?: Record<string, unknown>) => void;

/** Reads and parses the form: the Continue form's one field directly, anything else with body-parser's qs options. */
function readForm(req: Request, done: FormCallback): void {
  const chunks: Buffer[] = [];
  let finished = false;
  const finish: FormCallback = (error, body) => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('error', (error) => finish(Object.assign(error, { status: 400 })));
  req.on('aborted', () => finish(Object.assign(new Error('request aborted'), { status: 400 })));
  req.on('end', () => {
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
    let body: Record<string, unknown>;
    try {
      body = parseForm(text);
    } catch (error) {
      return finish(error as Error);
    }
    finish(null, body);
  });
}

function parseForm(text: string): Record<string, unknown> {
  if (text.length === 0) return {};
  const only = csrfOnly.exec(text);
  if (only) return { csrf: only[1] };
  let count = 1;
  for (let index = text.indexOf('&'); index !== -1; index = text.indexOf('&', index + 1)) count++;
  if (count > parameterLimit) throw Object.assign(new Error('too many parameters'), { status: 413 });
  // body-parser 2's urlencoded parser with extended: false, as register-portal.ts configures it.
  return qs.parse(text, {
    allowPrototypes: true,
    arrayLimit: count,
    depth: 0,
    charset: 'utf-8',
    parameterLimit,
    strictDepth: true,
  });
}
