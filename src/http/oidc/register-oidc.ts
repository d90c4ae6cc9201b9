/**
 * Portal Desk as an OpenID Connect provider: oidc-provider answers discovery,
 * JWKS, authorization, token, userinfo, revocation and logout; the sign-in
 * itself is the portal's own pages (interaction-routes.ts). Mounted in the
 * portal's router, so every account's portal (by Host or `/a/<slug>`) is its
 * own issuer with its own provider instance (oidc-portal.ts, account-providers.ts).
 */
import type { Request, Router } from 'express';
import type { AppContext } from '../../app-context.ts';
import type { PortalDeps } from '../portal/portal-deps.ts';
import { loadSigningKeys, signingKeysVersion } from '../../core/oidc/signing-keys.ts';
import { registerBackchannelSender } from '../../core/oidc/end-provider-sessions-for-contact.ts';
import { readAppClientMetadata } from '../../core/oidc/app-client-metadata.ts';
import { sweepExpired } from '../../core/oidc/provider-store.ts';
import { findAccount } from '../../core/accounts/find-account.ts';
import { endSession } from '../../core/sessions/end-session.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { loadOidcProvider } from './load-oidc-provider.ts';
import { createProvider } from './create-provider.ts';
import { isProviderPath } from './oidc-paths.ts';
import { oidcPortalOfAccount, oidcPortalOfRequest, type OidcPortal } from './oidc-portal.ts';
import { createAccountProviders } from './account-providers.ts';
import { registerInteractions } from './interaction-routes.ts';
import { registerLaunchRoute } from './launch-route.ts';

/** How often each instance looks for a rotated key set (and sweeps expired provider rows). */
const keyCheckMs = 60_000;

export interface OidcMount {
  /** The default account's provider (issuer PUBLIC_URL), built from the current key set. */
  provider(): Promise<any>;
  /** The provider of an account's issuer. */
  providerOf(portal: OidcPortal): Promise<any>;
  /** Tests and the CLI: pick up a rotated key now instead of within a minute. */
  reloadKeys(): Promise<void>;
  stop(): void;
}

const mounts = new WeakMap<AppContext, OidcMount>();

export function oidcMountOf(context: AppContext): OidcMount | undefined {
  return mounts.get(context);
}

/**
 * Mounts the providers on the portal's router. Loading the library and the
 * signing keys is asynchronous; requests that arrive before it is done wait for it.
 */
export function registerOidc(router: Router, context: AppContext, deps: PortalDeps): OidcMount {
  const { core, logger } = context;
  const defaultAccountId = context.defaultAccount.id;
  const hooks = {
    portalName: (req: unknown) => deps.accountOf(req as Request).name,
    // A turned-off contact's session answers contact_deactivated: for the provider that is "not signed in",
    // so it asks the interaction page, which shows the turned-off page (an exception here would be a 500).
    // The request is the portal's, resolved: the session is the one of this account's portal.
    portalContactId: async (req: unknown) => {
      const session = await deps.sessions.current(req as Request).catch((error: unknown) => {
        if (isAppError(error, 'contact_deactivated')) return null;
        throw error;
      });
      return session?.contact.id ?? null;
    },
  };
  const library = loadOidcProvider(logger);
  const loadKeySet = () => {
    const loading = (async () => {
      const version = await signingKeysVersion(core);
      return { version, keys: await loadSigningKeys(core) };
    })();
    // Awaited later (a provider's build, the key check), where a failure is logged; until then it must not
    // count as an unhandled rejection (keys sealed under a SESSION_SECRET no longer configured do fail).
    loading.catch(() => undefined);
    return loading;
  };
  let keySet = loadKeySet();

  const build = async (portal: OidcPortal) => {
    const { Provider, interactionPolicy } = await library;
    const provider = createProvider(Provider, interactionPolicy, context, (await keySet).keys, hooks, portal);
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
    return { provider, callback: provider.callback() };
  };
  const providers = createAccountProviders({ build });
  const defaultPortal = (): OidcPortal => ({
    accountId: defaultAccountId,
    slug: context.defaultAccount.slug,
    issuer: core.publicUrl,
    base: '',
  });
  providers.get(defaultPortal()).catch((error) => logger.error('oidc provider did not start', { error }));

  const builtFor = (req: Request) => providers.get(oidcPortalOfRequest(core, defaultAccountId, deps.accountOf(req)));

  router.use((req, res, next) => {
    if (!isProviderPath(req.path)) return next();
    builtFor(req).then((built) => built.callback(req, res), next);
  });
  registerLaunchRoute(router, context, deps);
  registerInteractions(router, context, deps, async (req) => (await builtFor(req)).provider);

  // An app's back-channel logout token comes from its own account's issuer.
  registerBackchannelSender(core, async (notices) => {
    let failed = 0;
    for (const notice of notices) {
      try {
        const app = (await readAppClientMetadata(core, { clientId: notice.clientId }))?.app;
        if (!app) continue;
        const account = await findAccount(core, { id: app.accountId });
        const { provider } = await providers.get(oidcPortalOfAccount(core, defaultAccountId, account));
        const client = await provider.Client.find(notice.clientId);
        if (client?.backchannelLogoutUri) await client.backchannelLogout(notice.contactId, notice.sid);
      } catch (error) {
        failed += 1;
        logger.warn('back-channel logout not delivered', { app: notice.clientId, error: String(error) });
      }
    }
    return { failed };
  });

  const reloadKeys = async () => {
    const known = await keySet;
    if ((await signingKeysVersion(core)) === known.version) return;
    const next = loadKeySet();
    await next;
    keySet = next;
    providers.clear();
    logger.info('oidc signing keys reloaded', { keys: (await next).version });
  };
  const timer = setInterval(() => {
    reloadKeys()
      .then(() => sweepExpired(core))
      .catch((error) => logger.warn('oidc key check failed', { error: String(error) }));
  }, keyCheckMs);
  timer.unref();
  const mount: OidcMount = {
    provider: async () => (await providers.get(defaultPortal())).provider,
    providerOf: async (portal) => (await providers.get(portal)).provider,
    reloadKeys,
    stop: () => {
      clearInterval(timer);
      providers.clear();
    },
  };
  mounts.set(context, mount);
  return mount;
}
