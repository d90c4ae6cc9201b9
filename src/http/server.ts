/**
 * The web server: health, link redemption and portal pages, REST API,
 * provider webhooks, and Slack's /slack/events (mounted by src/slack). Routes
 * are thin: parse, call one core function, render.
 */
import express, { type Express } from 'express';
import type { AppContext } from '../app-context.ts';
import type { RateLimitStore } from './rate-limit-store.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerApi } from './api/index.ts';
import { registerWebhooks } from './webhooks/register-webhooks.ts';
import { registerPortal } from './portal/register-portal.ts';
import { createPortalDeps } from './portal/portal-deps.ts';
import { registerOidc } from './oidc/register-oidc.ts';

export function createHttpApp(context: AppContext, rateLimits: RateLimitStore): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer the client address comes from X-Forwarded-For.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  // First: provider signatures are checked on the raw body, before any parser reads it.
  registerWebhooks(app, context);
  const router = express.Router();
  registerHealthRoute(router, { db: context.core.db, database: context.config.database, version: context.version });
  app.use(router);
  registerApi(app, context, rateLimits);
  const portal = createPortalDeps(context, rateLimits);
  // Before the portal: its /portal pages resume an app sign-in that sent the browser to sign in.
  registerOidc(app, context, portal);
  registerPortal(app, context, rateLimits, portal);
  return app;
}
