import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../../app-context.ts';
import { hmac } from '../../core/shared/secret-hash.ts';
import { readContactClaims } from '../../core/oidc/contact-claims.ts';
import { meetsRequirement } from '../../core/oidc/app-access.ts';
import { findApp } from '../../core/oidc/find-app.ts';
import type { SigningJwk } from '../../core/oidc/signing-keys.ts';
import { prismaAdapter } from './prisma-adapter.ts';
import { logoutPage, loggedOutPage } from './pages.ts';
import { providerRoutes } from './oidc-paths.ts';
import type { OidcPortal } from './oidc-portal.ts';
import { cookieScopeOf } from '../portal/portal-account.ts';
import { prefixMarkup } from '../portal/prefix-paths.ts';

/** The portal pages' headers (src/http/portal/security-headers.ts) on the pages the provider renders. */
const pageHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface ProviderHooks {
  /** The contact signed in to the portal in this browser, if any. */
  portalContactId(req: IncomingMessage): Promise<string | null>;
  /** The name of the portal the request is on (read a moment ago: a rename shows). */
  portalName(req: IncomingMessage): string;
}

/**
 * Configures oidc-provider for one account's portal: the issuer is where the
 * portal is served (oidc-portal.ts), the end users are the account's
 * contacts, the clients are the account's apps, consent is implicit (every
 * app is registered by the account itself: first-party). All accounts'
 * providers share the store and the signing keys.
 */
export function createProvider(
  Provider: any,
  interactionPolicy: any,
  context: AppContext,
  keys: SigningJwk[],
  hooks: ProviderHooks,
  portal: OidcPortal,
): any {
  const { core, secrets } = context;
  // The provider's pages link to the portal (`/portal`, `/login`, `/portal.css`): under its prefix, if any.
  const page = (markup: string) => prefixMarkup(markup, portal.base);
  // Portals under `/a/<slug>` share PUBLIC_URL's host: their provider cookies get the portal's path and a name
  // of their own, like the portal's cookies (cookieScopeOf), so one account's provider session is never another's.
  const scope = cookieScopeOf(portal);
  const pairwiseKey = hmac(secrets.linkKey, 'portal-desk:oidc-pairwise');
  const { Check, base } = interactionPolicy;
  const policy = base();
  // Runs on every authorization request: the provider's session follows the
  // portal's (signing out of the portal, or in as someone else, is seen by the
  // next app sign-in), and an app's required grant is checked each time.
  policy.get('login').checks.add(
    new Check('portal_session', 'the portal session or the required grant is missing', async (ctx: any) => {
      const accountId = ctx.oidc.session.accountId;
      if (!accountId) return Check.REQUEST_PROMPT;
      if ((await hooks.portalContactId(ctx.req)) !== accountId) return Check.REQUEST_PROMPT;
      const app = await findApp(core, {
        accountId: String(ctx.oidc.client.metadata().portal_account_id),
        app: ctx.oidc.client.clientId,
      }).catch(() => null);
      const claims = await readContactClaims(core, { contactId: accountId });
      if (
        !app ||
        !claims ||
        app.accountId !== portal.accountId ||
        claims.accountId !== app.accountId ||
        !meetsRequirement(app.requires, claims.portalAccess)
      )
        return Check.REQUEST_PROMPT;
      return Check.NO_NEED_TO_PROMPT;
    }),
  );

  const provider = new Provider(portal.issuer, {
    adapter: prismaAdapter(core, portal.accountId),
    clients: [],
    jwks: { keys },
    routes: providerRoutes,
    cookies: {
      keys: [hmac(secrets.sessionSecret, 'portal-desk:oidc-cookies').toString('base64url')],
      ...(portal.base
        ? {
            names: {
              session: `_session${scope.suffix}`,
              interaction: `_interaction${scope.suffix}`,
              resume: `_interaction_resume${scope.suffix}`,
            },
            long: { httpOnly: true, sameSite: 'lax', path: scope.path },
            short: { httpOnly: true, sameSite: 'lax', path: scope.path },
          }
        : {}),
    },
    scopes: ['openid', 'offline_access', 'email', 'phone', 'profile', 'portal'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
      profile: ['name', 'given_name', 'family_name'],
      portal: ['portal_access'],
    },
    // Apps get the claims of the granted scopes in the ID token too, not only from userinfo.
    conformIdTokenClaims: false,
    subjectTypes: ['public', 'pairwise'],
    async pairwiseIdentifier(_ctx: unknown, accountId: string, client: { sectorIdentifier: string }) {
      return hmac(pairwiseKey, `${client.sectorIdentifier}\n${accountId}`).toString('base64url');
    },
    extraClientMetadata: { properties: ['portal_account_id'] },
    responseTypes: ['code'],
    pkce: { required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none' },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: any, form: string) => {
          // No form-action here: confirming redirects to the app's registered
          // post-logout URI on another origin, which form-action 'self' would block.
          ctx.set({
            ...pageHeaders,
            'Content-Security-Policy':
              "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
          });
          ctx.type = 'html';
          ctx.body = page(logoutPage(hooks.portalName(ctx.req), ctx.oidc.client?.clientName, form));
        },
        postLogoutSuccessSource: async (ctx: any) => {
          ctx.set(pageHeaders);
          ctx.type = 'html';
          ctx.body = page(loggedOutPage(hooks.portalName(ctx.req), ctx.oidc.client?.clientName));
        },
      },
      backchannelLogout: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: {
      policy,
      url: (_ctx: unknown, interaction: { uid: string }) => `${portal.base}/oidc/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = await readContactClaims(core, { contactId: sub });
      // Only this account's contacts exist at its issuer.
      if (!claims || claims.accountId !== portal.accountId) return undefined;
      return {
        accountId: sub,
        async claims() {
          const name = [claims.firstName, claims.lastName].filter(Boolean).join(' ');
          return {
            sub,
            ...(claims.email ? { email: claims.email, email_verified: true } : {}),
            ...(claims.phone ? { phone_number: claims.phone, phone_number_verified: true } : {}),
            ...(name ? { name } : {}),
            ...(claims.firstName ? { given_name: claims.firstName } : {}),
            ...(claims.lastName ? { family_name: claims.lastName } : {}),
            portal_access: claims.portalAccess,
          };
        },
      };
    },
    // Implicit consent: the account registered the app itself, so it is first-party.
    async loadExistingGrant(ctx: any) {
      const clientId = ctx.oidc.client.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(clientId);
      if (grantId) {
        const found = await ctx.oidc.provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email phone profile portal offline_access');
      grant.addOIDCClaims([
        'sub',
        'email',
        'email_verified',
        'phone_number',
        'phone_number_verified',
        'name',
        'given_name',
        'family_name',
        'portal_access',
      ]);
      await grant.save();
      ctx.oidc.session.grantIdFor(clientId, grant.jti);
      return grant;
    },
    // Refresh tokens only for apps that opted in; each use returns a new one (rotation).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      ClientCredentials: 600,
    },
    // Back-channel logout calls the apps. oidc-provider refuses private and loopback
    // addresses (SSRF); WEBHOOK_ALLOW_PRIVATE_NETWORKS lifts that for development and
    // tests, the same switch as for outgoing webhooks.
    fetch: (url: URL | string, options: RequestInit & { dispatcher?: unknown }) => {
      if (context.config.webhookAllowPrivateNetworks) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    renderError: async (ctx: any, out: { error: string; error_description?: string }) => {
      ctx.set(pageHeaders);
      ctx.type = 'html';
      ctx.body = page(
        loggedOutPage(
          hooks.portalName(ctx.req),
          undefined,
          `Sign-in could not continue: ${out.error_description ?? out.error}.`,
        ),
      );
    },
  });
  provider.proxy = true;
  return provider;
}
