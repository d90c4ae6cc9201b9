/**
 * The web server: health, link redemption and portal pages, REST API,
 * provider webhooks, and Slack's /slack/events (mounted by src/slack). Routes
 * are thin: parse, call one core function, render.
 */
import express, { type Express } from 'express';
import type { AppContext } from '../app-context.ts';
import type { RateLimitStore } from './rate-limit-store.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerReadyRoute } from './routes/readyz.ts';
import { createReadiness, type Readiness } from '../readiness.ts';
import { registerMetricsRoute, timeRequests } from '../metrics/metrics-route.ts';
import { registerApi } from './api/index.ts';
import { registerWebhooks } from './webhooks/register-webhooks.ts';
import { registerPortal } from './portal/register-portal.ts';
import { transportHeaders } from './transport-headers.ts';
import { finalErrorHandler, notFoundHandler } from './final-error-handler.ts';
import { createPortalDeps } from './portal/portal-deps.ts';
import { linkRedeemFastPath, serveAheadOfRouter } from './portal/link-redeem-fast-path.ts';

export function createHttpApp(
  context: AppContext,
  rateLimits: RateLimitStore,
  readiness: Readiness = createReadiness(),
): Express {
  const app = express();
  const portal = createPortalDeps(context, rateLimits);
  // First of all: the sign-in link's POST, without Express's routing and body parsing (the hot path of a bulk invite).
  const fastPath = linkRedeemFastPath({
    deps: portal.deps,
    publicUrl: context.config.publicUrl,
    logger: context.logger,
  });
  app.use(serveAheadOfRouter(app, fastPath));
  app.use(timeRequests());
  app.disable('x-powered-by');
  // TRUST_PROXY (off by default): only the proxies named there may set the client address with X-Forwarded-For.
  app.set('trust proxy', context.config.trustProxy);
  app.use(transportHeaders({ publicUrl: context.config.publicUrl }));
  // First: provider signatures are checked on the raw body, before any parser reads it.
  registerWebhooks(app, context);
  const router = express.Router();
  registerHealthRoute(router, { core: context.core, database: context.config.database, version: context.version });
  registerReadyRoute(router, readiness);
  registerMetricsRoute(router, { core: context.core, ...context.config.metrics });
  app.use(router);
  registerApi(app, context, rateLimits);
  // The portal pages of every account, and each portal's OpenID Connect provider.
  registerPortal(app, context, portal);
  return app;
}

/**
 * Closes the app with a 404 and the final error handler. Called after every
 * route is mounted (Slack's /slack/events comes last), since an Express error
 * handler only sees the routes registered before it.
 */
export function finishHttpApp(app: Express, context: AppContext): void {
  app.use(notFoundHandler);
  app.use(finalErrorHandler(context.logger));
}
