/**
 * Portal Desk as an OpenID Connect provider: oidc-provider answers discovery,
 * JWKS, authorization, token, userinfo, revocation and logout; the sign-in
 * itself is the portal's own pages (interaction-routes.ts).
 */
import type { Express, Request } from 'express';
import type { AppContext } from '../../app-context.ts';
import type { PortalDeps } from '../portal/portal-deps.ts';
import { loadSigningKeys, signingKeysVersion } from '../../core/oidc/signing-keys.ts';
import { registerBackchannelSender } from '../../core/oidc/end-provider-sessions-for-contact.ts';
import { sweepExpired } from '../../core/oidc/provider-store.ts';
import { endSession } from '../../core/sessions/end-session.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { loadOidcProvider } from './load-oidc-provider.ts';
import { createProvider, providerRoutes } from './create-provider.ts';
import { registerInteractions } from './interaction-routes.ts';
import { registerLaunchRoute } from './launch-route.ts';

/** How often each instance looks for a rotated key set (and sweeps expired provider rows). */
const keyCheckMs = 60_000;

export interface OidcMount {
  /** The provider built from the current key set. */
  provider(): Promise<any>;
  /** Tests and the CLI: pick up a rotated key now instead of within a minute. */
  reloadKeys(): Promise<void>;
  stop(): void;
}

const mounts = new WeakMap<AppContext, OidcMount>();

export function oidcMountOf(context: AppContext): OidcMount | undefined {
  return mounts.get(context);
}

function isProviderPath(path: string): boolean {
  return (
    path === '/.well-known/openid-configuration' ||
    Object.values(providerRoutes).some((route) => path === route || path.startsWith(`${route}/`))
  );
}

/**
 * Mounts the provider. Loading the library and the signing keys is
 * asynchronous; requests that arrive before it is done wait for it.
 */
export function registerOidc(app: Express, context: AppContext, deps: PortalDeps): OidcMount {
  const { core, logger } = context;
  const hooks = {
    // A turned-off contact's session answers contact_deactivated: for the provider that is "not signed in",
    // so it asks the interaction page, which shows the turned-off page (an exception here would be a 500).
    portalContactId: async (req: unknown) => {
      const session = await deps.sessions.current(req as Request).catch((error: unknown) => {
        if (isAppError(error, 'contact_deactivated')) return null;
        throw error;
      });
      return session?.contact.id ?? null;
    },
  };
  const build = async () => {
    const { Provider, interactionPolicy } = await loadOidcProvider(logger);
    const version = await signingKeysVersion(core);
    const provider = createProvider(Provider, interactionPolicy, context, await loadSigningKeys(core), hooks);
    // Signing out through an app (RP-initiated logout) signs out of the portal too,
    // or the next app sign-in would go straight through again. The answer is already
    // on its way here, so the session row is deleted and the stale cookie simply finds nothing.
    provider.on('end_session.success', (ctx: { req: Request }) => {
      const sessionId = deps.cookies.read(ctx.req, 'pd_session');
      if (sessionId) deps.background('portal sign-out after app logout', () => endSession(core, { sessionId }));
    });
    provider.on('server_error', (_ctx: unknown, error: unknown) => logger.error('oidc provider error', { error }));
    provider.on('backchannel.error', (_ctx: unknown, error: unknown, client: { clientId: string }) =>
      logger.warn('back-channel logout not delivered', { app: client.clientId, error: String(error) }),
    );
    return { version: await signingKeysVersion(core).catch(() => version), provider, callback: provider.callback() };
  };
  let current!: Awaited<ReturnType<typeof build>>;
  const ready = build().then((built) => {
    current = built;
  });
  ready.catch((error) => logger.error('oidc provider did not start', { error }));

  app.use((req, res, next) => {
    if (!isProviderPath(req.path)) return next();
    ready.then(() => current.callback(req, res), next);
  });
  registerLaunchRoute(app, context, deps);
  registerInteractions(app, context, deps, async () => {
    await ready;
    return current.provider;
  });

  registerBackchannelSender(core, async (notices) => {
    let failed = 0;
    for (const notice of notices) {
      try {
        await ready;
        const client = await current.provider.Client.find(notice.clientId);
        if (client?.backchannelLogoutUri) await client.backchannelLogout(notice.contactId, notice.sid);
      } catch (error) {
        failed += 1;
        logger.warn('back-channel logout not delivered', { app: notice.clientId, error: String(error) });
      }
    }
    return { failed };
  });

  const reloadKeys = async () => {
    await ready;
    if ((await signingKeysVersion(core)) === current.version) return;
    current = await build();
    logger.info('oidc signing keys reloaded', { keys: current.version });
  };
  const timer = setInterval(() => {
    reloadKeys()
      .then(() => sweepExpired(core))
      .catch((error) => logger.warn('oidc key check failed', { error: String(error) }));
  }, keyCheckMs);
  timer.unref();
  const mount: OidcMount = {
    provider: async () => (await ready, current.provider),
    reloadKeys,
    stop: () => clearInterval(timer),
  };
  mounts.set(context, mount);
  return mount;
}
